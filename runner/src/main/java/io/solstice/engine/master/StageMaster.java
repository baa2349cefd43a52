package io.solstice.engine.master;

import io.ray.api.ObjectRef;
import io.ray.api.Ray;
import io.ray.api.WaitResult;
import io.solstice.engine.RemoteFailure;
import io.solstice.engine.Serialization;
import io.solstice.engine.control.InputHandover;
import io.solstice.engine.control.PoolSize;
import io.solstice.engine.control.RoleRequest;
import io.solstice.engine.control.StageLaunch;
import io.solstice.engine.control.StageProgress;
import io.solstice.engine.control.StageReport;
import io.solstice.engine.control.WorkerProgress;
import io.solstice.engine.control.WorkerReport;
import io.solstice.engine.coordinator.CoordinatorRequest;
import io.solstice.engine.fault.FaultInjector;
import io.solstice.engine.fault.FaultPoint;
import io.solstice.engine.fault.InjectedCrash;
import io.solstice.engine.host.ExecutorClient;
import io.solstice.engine.host.ExecutorLostException;
import io.solstice.engine.host.Role;
import io.solstice.engine.host.RoleContext;
import io.solstice.engine.worker.StageWorker;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns one stage, as a role on one of the job's executors: starts the stage's workers on the
 * executors the launch names, waits for them, and stops them all when one fails, its executor is
 * lost, or the job is cancelled. Once all have ended it releases them (their DoFns' teardown). An
 * elastic stage's master also rescales its pool as its {@link PoolAutoscaler} decides: it has the
 * old workers retire and starts the new pool with what they handed over ({@link PoolRescale}).
 */
public final class StageMaster implements Role {
  private static final Logger LOG = LoggerFactory.getLogger(StageMaster.class);
  /** How long one wait for a worker's end blocks on its executor before it is asked again. */
  private static final long AWAIT_MILLIS = 2_000;
  private static final long WAIT_SLICE_MILLIS = 200;
  /** How long a rescale decision the coordinator puts off is asked for again. */
  private static final long WANTED_MILLIS = 20_000;

  /** A started worker: its executor, its role id, the pending wait for its end. */
  private static final class Worker {
    final int index;
    final ExecutorClient executor;
    final String role;
    ObjectRef<byte[]> end;

    Worker(int index, ExecutorClient executor, String role) {
      this.index = index;
      this.executor = executor;
      this.role = role;
    }
  }

  private final RoleContext context;
  private final StageLaunch launch;
  /** The pool running now: the launch, or a rescale's. */
  private volatile StageLaunch pool;
  /** The current pool's workers. */
  private final List<Worker> workers = new ArrayList<>();
  /** Every worker started, of every pool: all are released at the end. */
  private final List<Worker> started = new ArrayList<>();
  private PoolRescale rescale;
  /** Workers of the current pool that ended while no rescale was under way. */
  private final List<WorkerReport> endedInPool = new ArrayList<>();
  /** A rescale the coordinator put off, asked for again until {@link #wantedUntil}. */
  private PoolAutoscaler.Decision wanted;
  private long wantedUntil;
  private final List<PoolSize> poolSizes = new ArrayList<>();
  private final List<byte[]> retiredMetrics = new CopyOnWriteArrayList<>();
  private PoolAutoscaler autoscaler;
  private long nextSample;
  private volatile boolean cancelled;
  private final FaultInjector faults;

  public StageMaster(RoleContext context, byte[] launchBytes) {
    this.context = context;
    this.launch = Serialization.fromBytes(launchBytes, StageLaunch.class);
    this.pool = launch;
    this.faults = launch.faultInjector(-1);
  }

  private String name() {
    return launch.stage().name();
  }

  @Override
  public byte[] run() {
    int stage = launch.stage().id();
    List<WorkerReport> reports = new ArrayList<>();
    Map<ObjectRef<byte[]>, Worker> running = new HashMap<>();
    try {
      for (int i = 0; i < launch.stage().parallelism() && !cancelled; i++) {
        Worker worker = start(launch, i, null);
        worker.end = worker.executor.awaitRole(launch.jobId(), worker.role, AWAIT_MILLIS);
        running.put(worker.end, worker);
      }
      poolSizes.add(new PoolSize(System.currentTimeMillis(), launch.stage().parallelism()));
      if (launch.stage().elastic()) {
        autoscaler =
            new PoolAutoscaler(
                launch.config().autoscale(), launch.stage().minWorkers(), launch.stage().maxWorkers(),
                System.currentTimeMillis());
      }
      if (cancelled) {
        cancelWorkers();
      }
      long giveUpAt = Long.MAX_VALUE;
      while (!running.isEmpty() && System.currentTimeMillis() < giveUpAt) {
        faults.reached(FaultPoint.STAGE_MASTER);
        WaitResult<byte[]> result = Ray.wait(new ArrayList<>(running.keySet()), 1, (int) WAIT_SLICE_MILLIS);
        for (ObjectRef<byte[]> done : result.getReady()) {
          Worker worker = running.remove(done);
          WorkerReport report = collect(worker, done);
          if (report == null) {
            worker.end = worker.executor.awaitRole(launch.jobId(), worker.role, AWAIT_MILLIS);
            running.put(worker.end, worker);
            continue;
          }
          reports.add(report);
          if (report.status() == WorkerReport.Status.FAILED && !cancelled) {
            LOG.info("Stage '{}' worker {} failed; stopping its other workers", name(), report.worker());
            cancel();
          } else if (rescale == null && report.status() == WorkerReport.Status.SUCCEEDED) {
            endedInPool.add(report);
          } else if (rescale != null && !cancelled) {
            rescale.ended(report);
            if (report.status() == WorkerReport.Status.RETIRED && report.metrics() != null) {
              retiredMetrics.add(report.metrics());
            }
          }
        }
        if (rescale != null && rescale.complete() && !cancelled) {
          startNextPool(running);
        } else if (autoscaler != null && rescale == null && !cancelled) {
          autoscale();
        }
        if (cancelled && giveUpAt == Long.MAX_VALUE) {
          giveUpAt = System.currentTimeMillis() + launch.config().cancelGraceMillis();
        }
      }
      if (!running.isEmpty()) {
        LOG.warn(
            "Stage '{}': {} worker(s) did not stop within {} ms of cancellation",
            name(),
            running.size(),
            launch.config().cancelGraceMillis());
      }
    } catch (InjectedCrash crash) {
      throw crash;
    } catch (Throwable t) {
      LOG.error("Stage master of '{}' failed", name(), t);
      cancel();
      reports.add(new WorkerReport(stage, -1, WorkerReport.Status.FAILED, RemoteFailure.of(t), null, null));
    }
    releaseWorkers();
    return Serialization.toBytes(new StageReport(stage, reports, running.size(), poolSizes));
  }

  private Worker start(StageLaunch of, int index, InputHandover handover) {
    ExecutorClient executor = context.executors().client(of.workerExecutor(index));
    Worker worker = new Worker(index, executor, of.workerRole(index));
    executor.startRole(of.jobId(), worker.role, StageWorker.class, of.forWorker(index, handover));
    synchronized (workers) {
      workers.add(worker);
      started.add(worker);
    }
    return worker;
  }

  /**
   * Samples the pool when due and, if the autoscaler asks for another size, starts a rescale; one
   * the coordinator put off (a checkpoint under way) is asked for again at each turn for a while.
   */
  private void autoscale() {
    long now = System.currentTimeMillis();
    if (wanted == null || now >= wantedUntil) {
      wanted = null;
      if (now < nextSample) {
        return;
      }
      nextSample = now + launch.config().autoscale().sampleMillis();
    }
    int size = pool.stage().parallelism();
    List<WorkerProgress> progress = workerProgress();
    // Not while a worker starts or ends, nor once a grouping step has spilled to disk: it cannot
    // snapshot, so its state could not be handed over.
    if (progress.size() < size
        || progress.stream().anyMatch(p -> !"RUNNING".equals(p.state()) || p.memory().spilledBytes() > 0)) {
      wanted = null;
      return;
    }
    if (wanted == null) {
      PoolAutoscaler.Decision decision = autoscaler.decide(now, size, progress);
      if (decision == null) {
        return;
      }
      wanted = decision;
      wantedUntil = now + WANTED_MILLIS;
    }
    tryRescale(wanted);
  }

  private void tryRescale(PoolAutoscaler.Decision decision) {
    int size = pool.stage().parallelism();
    CoordinatorRequest.Rescale request =
        new CoordinatorRequest.Rescale(name(), launch.stage().id(), workerIds(size), workerIds(decision.workers()));
    if (!coordinator(request)) {
      wanted = decision;
      return;
    }
    wanted = null;
    LOG.info("Stage '{}': rescaling from {} to {} workers, because {}", name(), size, decision.workers(), decision.reason());
    rescale = new PoolRescale(size, decision.workers());
    endedInPool.forEach(rescale::ended);
    for (Worker worker : workers()) {
      try {
        worker.executor.ask(launch.jobId(), worker.role, new RoleRequest.Retire(decision.workers()));
      } catch (RuntimeException e) {
        // It ended meanwhile (its report hands its partitions over as ended) or failed (its report
        // fails the stage).
        LOG.debug("Stage '{}' worker {} could not be told to retire", name(), worker.index, e);
      }
    }
  }

  /**
   * Every worker of the old pool has retired (or ended): the new pool starts with their state and
   * takes their partitions over.
   */
  private void startNextPool(Map<ObjectRef<byte[]>, Worker> running) {
    PoolRescale done = rescale;
    rescale = null;
    StageLaunch next = pool.rescaled(done.workers(), done.restore(pool));
    synchronized (workers) {
      workers.clear();
    }
    endedInPool.clear();
    pool = next;
    for (int i = 0; i < done.workers() && !cancelled; i++) {
      Worker worker = start(next, i, done.handover().forReader(i, done.workers()));
      worker.end = worker.executor.awaitRole(launch.jobId(), worker.role, AWAIT_MILLIS);
      running.put(worker.end, worker);
    }
    if (cancelled) {
      // A cancel that came while they started may have missed some.
      cancelWorkers();
    }
    autoscaler.rescaled(System.currentTimeMillis());
    poolSizes.add(new PoolSize(System.currentTimeMillis(), done.workers()));
    LOG.info("Stage '{}' now runs {} workers (pool {})", name(), done.workers(), next.generation());
  }

  /** The coordinator's names of a pool of {@code workers} of this stage (the same in every pool). */
  private List<String> workerIds(int workers) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < workers; i++) {
      ids.add(pool.workerId(i));
    }
    return ids;
  }

  private boolean coordinator(RoleRequest request) {
    ExecutorClient executor = context.executors().client(launch.coordinator().executor());
    return Boolean.TRUE.equals(executor.ask(launch.jobId(), launch.coordinator().role(), request));
  }

  /**
   * The worker's report once it ended; null if it still runs. A lost executor becomes the
   * worker's failure, naming the stage, the worker and the executor.
   */
  private WorkerReport collect(Worker worker, ObjectRef<byte[]> done) {
    byte[] report;
    try {
      report = worker.executor.result(done);
    } catch (RuntimeException e) {
      RuntimeException failure = worker.executor.translate(e);
      String what =
          failure instanceof ExecutorLostException
              ? "was lost with its executor: " + failure.getMessage()
              : "could not be reached: " + failure.getMessage();
      return new WorkerReport(
          launch.stage().id(),
          worker.index,
          WorkerReport.Status.FAILED,
          RemoteFailure.of(new IllegalStateException("Stage '" + name() + "' worker " + worker.index + " " + what, failure)),
          null,
          null);
    }
    // Ray hands an empty array back as null in cluster mode.
    return report == null || report.length == 0 ? null : Serialization.fromBytes(report, WorkerReport.class);
  }

  private void releaseWorkers() {
    List<Worker> all;
    synchronized (workers) {
      all = new ArrayList<>(started);
    }
    for (Worker worker : all) {
      try {
        worker.executor.ask(launch.jobId(), worker.role, new RoleRequest.Release());
      } catch (RuntimeException e) {
        LOG.debug("Could not release worker {} of stage '{}'", worker.index, name(), e);
      }
    }
  }

  @Override
  public void cancel() {
    cancelled = true;
    cancelWorkers();
  }

  private List<Worker> workers() {
    synchronized (workers) {
      return new ArrayList<>(workers);
    }
  }

  private void cancelWorkers() {
    for (Worker worker : workers()) {
      try {
        worker.executor.cancelRole(launch.jobId(), worker.role);
      } catch (RuntimeException e) {
        LOG.debug("Could not cancel worker {} of stage '{}'", worker.index, name(), e);
      }
    }
  }

  /** A {@link StageProgress} gathered from every worker. */
  @Override
  public Serializable handle(RoleRequest request) {
    if (!(request instanceof RoleRequest.Progress)) {
      throw new IllegalArgumentException("A stage master does not answer " + request.getClass().getSimpleName());
    }
    List<WorkerProgress> progress = new ArrayList<>();
    // Retired workers' last metrics count on: the new pool's start from nothing.
    List<byte[]> metrics = new ArrayList<>(retiredMetrics);
    for (Worker worker : workers()) {
      try {
        progress.add((WorkerProgress) worker.executor.ask(launch.jobId(), worker.role, new RoleRequest.Progress()));
        byte[] m = (byte[]) worker.executor.ask(launch.jobId(), worker.role, new RoleRequest.Metrics());
        if (m.length > 0) {
          metrics.add(m);
        }
      } catch (RuntimeException e) {
        LOG.debug("Progress of stage '{}' worker {} is unavailable", name(), worker.index, e);
      }
    }
    return new StageProgress(launch.stage().id(), name(), progress, metrics);
  }

  /** The current pool's workers' counters; a worker that cannot answer is left out. */
  private List<WorkerProgress> workerProgress() {
    List<WorkerProgress> progress = new ArrayList<>();
    for (Worker worker : workers()) {
      try {
        progress.add((WorkerProgress) worker.executor.ask(launch.jobId(), worker.role, new RoleRequest.Progress()));
      } catch (RuntimeException e) {
        LOG.debug("Progress of stage '{}' worker {} is unavailable", name(), worker.index, e);
      }
    }
    return progress;
  }
}
