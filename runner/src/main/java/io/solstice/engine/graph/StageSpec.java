package io.solstice.engine.graph;

import java.io.Serializable;
import java.util.List;

/** A stage: a fused chain of work run by {@code parallelism} workers. */
public final class StageSpec implements Serializable {
  private static final long serialVersionUID = 1L;

  private final int id;
  private final String name;
  private final int parallelism;
  private final List<Integer> inputEdges;
  private final List<Integer> outputEdges;
  private final OperatorFactory operatorFactory;
  private final boolean keepsWorkerState;

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

  @Override
  public String toString() {
    return "stage " + id + " '" + name + "' x" + parallelism;
  }
}
