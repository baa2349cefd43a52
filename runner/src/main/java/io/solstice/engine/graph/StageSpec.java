package io.solstice.engine.graph;

import java.io.Serializable;
import java.util.List;

/**
 * A stage: a fused chain of work run by {@code parallelism} workers. An elastic stage's pool
 * runs between {@link #minWorkers()} and {@link #maxWorkers()}; it starts with {@code parallelism}
 * and its master may rescale it in between.
 */
public final class StageSpec implements Serializable {
  private static final long serialVersionUID = 1L;

  private final int id;
  private final String name;
  private final int parallelism;
  private final List<Integer> inputEdges;
  private final List<Integer> outputEdges;
  private final OperatorFactory operatorFactory;
  private final boolean keepsWorkerState;
  private final int minWorkers;
  private final int maxWorkers;

  /**
   * @param keepsWorkerState whether the operator keeps state of each worker's own besides its state
   *     per key group: then a restore cannot divide the stage's state among another number of
   *     workers
   */
  public StageSpec(
      int id,
      String name,
      int parallelism,
      List<Integer> inputEdges,
      List<Integer> outputEdges,
      OperatorFactory operatorFactory,
      boolean keepsWorkerState) {
    this(id, name, parallelism, inputEdges, outputEdges, operatorFactory, keepsWorkerState, parallelism, parallelism);
  }

  /**
   * An elastic stage, started with {@code parallelism} workers, which its master keeps between
   * {@code minWorkers} and {@code maxWorkers}.
   */
  public StageSpec(
      int id,
      String name,
      int parallelism,
      List<Integer> inputEdges,
      List<Integer> outputEdges,
      OperatorFactory operatorFactory,
      boolean keepsWorkerState,
      int minWorkers,
      int maxWorkers) {
    if (parallelism < 1) {
      throw new IllegalArgumentException("Stage " + name + " needs a parallelism of at least 1");
    }
    if (inputEdges.isEmpty()) {
      throw new IllegalArgumentException("Stage " + name + " has no input edge");
    }
    this.id = id;
    this.name = name;
    this.parallelism = parallelism;
    this.inputEdges = List.copyOf(inputEdges);
    this.outputEdges = List.copyOf(outputEdges);
    this.operatorFactory = operatorFactory;
    this.keepsWorkerState = keepsWorkerState;
    if (minWorkers < 1 || minWorkers > parallelism || parallelism > maxWorkers) {
      throw new IllegalArgumentException(
          "Stage " + name + " cannot start " + parallelism + " workers in a pool of " + minWorkers + ".." + maxWorkers);
    }
    this.minWorkers = minWorkers;
    this.maxWorkers = maxWorkers;
  }

  /** The same stage run by {@code workers} workers (a rescaled pool's next generation). */
  public StageSpec withParallelism(int workers) {
    return new StageSpec(
        id, name, workers, inputEdges, outputEdges, operatorFactory, keepsWorkerState, minWorkers, maxWorkers);
  }

  public int id() {
    return id;
  }

  public String name() {
    return name;
  }

  public int parallelism() {
    return parallelism;
  }

  /** Input edge ids; the operator sees input {@code i} as {@code inputEdges().get(i)}. */
  public List<Integer> inputEdges() {
    return inputEdges;
  }

  /** Output edge ids; the operator writes output {@code i} to {@code outputEdges().get(i)}. */
  public List<Integer> outputEdges() {
    return outputEdges;
  }

  public OperatorFactory operatorFactory() {
    return operatorFactory;
  }

  /** Whether workers keep state of their own, which cannot be divided among another number. */
  public boolean keepsWorkerState() {
    return keepsWorkerState;
  }

  public int minWorkers() {
    return minWorkers;
  }

  /** The most workers the stage may have: its input partitions are this many. */
  public int maxWorkers() {
    return maxWorkers;
  }

  /** Whether the stage's pool may change size while the job runs. */
  public boolean elastic() {
    return minWorkers < maxWorkers;
  }

  @Override
  public String toString() {
    return "stage " + id + " '" + name + "' x" + parallelism + (elastic() ? " (" + minWorkers + ".." + maxWorkers + ")" : "");
  }
}
