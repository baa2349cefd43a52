package io.solstice.engine.fault;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The faults to inject into a job, for fault-injection trials: which roles die, where, and in which
 * attempt. Written {@code point:stage:worker:hit:attempt}, several separated by {@code ;} (see
 * {@link Fault}); a stage is named by part of its name, which must not contain {@code :}.
 */
public final class FaultPlan implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final FaultPlan NONE = new FaultPlan(List.of());

  private final List<Fault> faults;

  public FaultPlan(List<Fault> faults) {
    this.faults = List.copyOf(faults);
  }

  public static FaultPlan none() {
    return NONE;
  }

  public static FaultPlan parse(String text) {
    if (text == null || text.isBlank()) {
      return NONE;
    }
    List<Fault> faults = new ArrayList<>();
    for (String one : text.split(";")) {
      String[] parts = one.trim().split(":");
      if (parts.length != 5) {
        throw new IllegalArgumentException(
            "A fault is written point:stage:worker:hit:attempt (point one of "
                + List.of(FaultPoint.values()) + "), not '" + one.trim() + "'");
      }
      try {
        faults.add(
            new Fault(
                FaultPoint.valueOf(parts[0].trim()),
                parts[1].trim(),
                Integer.parseInt(parts[2].trim()),
                Integer.parseInt(parts[3].trim()),
                Integer.parseInt(parts[4].trim())));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("Cannot read the fault '" + one.trim() + "': " + e.getMessage(), e);
      }
    }
    return new FaultPlan(faults);
  }

  /**
   * A random fault for a trial: a random point, stage (of a stage name part to its worker count) and
   * worker, with a hit low enough to come before a short job ends (checkpoint points count
   * checkpoints, the others splits or waits).
   */
  public static Fault random(Random random, Map<String, Integer> workersByStage, int maxSplitHit) {
    FaultPoint point = FaultPoint.EVERY_JOB.get(random.nextInt(FaultPoint.EVERY_JOB.size()));
    int hit =
        switch (point) {
          case MID_BUNDLE -> 1 + random.nextInt(maxSplitHit);
          case STAGE_MASTER -> 1 + random.nextInt(20);
          default -> 1 + random.nextInt(3);
        };
    List<String> stages = List.copyOf(workersByStage.keySet());
    String stage = stages.get(random.nextInt(stages.size()));
    return new Fault(point, stage, random.nextInt(workersByStage.get(stage)), hit, 1);
  }

  public List<Fault> faults() {
    return faults;
  }

  public boolean isEmpty() {
    return faults.isEmpty();
  }

  /** The faults of one attempt. */
  public FaultPlan forAttempt(int attempt) {
    return new FaultPlan(faults.stream().filter(f -> f.attempt() == attempt).toList());
  }

  /**
   * Checks every fault names exactly one stage of {@code parallelismByStage} (stage name to its
   * worker count) and a worker it has; a fault that could never fire would make a trial prove
   * nothing.
   */
  public void check(Map<String, Integer> parallelismByStage) {
    for (Fault fault : faults) {
      List<String> matching =
          parallelismByStage.keySet().stream().filter(name -> name.contains(fault.stage())).toList();
      if (matching.size() != 1) {
        throw new IllegalArgumentException(
            "The fault " + fault + " must name exactly one stage, but '" + fault.stage() + "' matches "
                + (matching.isEmpty() ? "none" : matching) + " of the job's stages " + parallelismByStage.keySet());
      }
      int workers = parallelismByStage.get(matching.get(0));
      if (!fault.point().onMaster() && fault.worker() >= workers) {
        throw new IllegalArgumentException(
            "The fault " + fault + " names worker " + fault.worker() + ", but stage '" + matching.get(0) + "' has " + workers);
      }
    }
  }

  /**
   * The injector of one role: a stage's worker {@code worker}, or its master ({@code worker} -1).
   *
   * @param haltProcess whether a fault halts the role's process (cluster mode: as a kill -9 would)
   *     rather than throwing {@link InjectedCrash} (local mode, where the process is the driver's)
   */
  public FaultInjector injector(String stageName, int worker, boolean haltProcess) {
    List<Fault> mine =
        faults.stream()
            .filter(f -> stageName.contains(f.stage()))
            .filter(f -> worker < 0 ? f.point().onMaster() : !f.point().onMaster() && f.worker() == worker)
            .toList();
    String role = worker < 0 ? "stage '" + stageName + "' master" : "stage '" + stageName + "' worker " + worker;
    return mine.isEmpty() ? FaultInjector.NONE : new FaultInjector(role, mine, haltProcess);
  }

  @Override
  public String toString() {
    return String.join(";", faults.stream().map(Fault::toString).toList());
  }
}
