package io.solstice.translation.plan;

import io.solstice.translation.runtime.FusedStageSpec;
import java.util.List;

/** A fused chain of transforms run by {@code parallelism} workers. */
public final class PlannedStage {
  private final int id;
  private final String name;
  private final int parallelism;
  private final List<Integer> inputs;
  private final List<Integer> outputs;
  private final FusedStageSpec spec;

  PlannedStage(int id, String name, int parallelism, List<Integer> inputs, List<Integer> outputs, FusedStageSpec spec) {
    this.id = id;
    this.name = name;
    this.parallelism = parallelism;
    this.inputs = List.copyOf(inputs);
    this.outputs = List.copyOf(outputs);
    this.spec = spec;
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

  /** Ids of the edges the stage reads; stage input i is {@code inputs().get(i)}. */
  public List<Integer> inputs() {
    return inputs;
  }

  /** Ids of the edges the stage writes; stage output i is {@code outputs().get(i)}. */
  public List<Integer> outputs() {
    return outputs;
  }

  public FusedStageSpec spec() {
    return spec;
  }
}
