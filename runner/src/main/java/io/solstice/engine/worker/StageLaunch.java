package io.solstice.engine.worker;

import io.solstice.engine.EngineConfig;
import io.solstice.engine.graph.EdgeSpec;
import io.solstice.engine.graph.StageSpec;
import java.io.Serializable;
import java.util.List;

/** Everything the workers of one stage need to run: the stage, its edges, the engine settings. */
public final class StageLaunch implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String jobId;
  private final StageSpec stage;
  private final List<EdgeSpec> inputs;
  private final List<Integer> inputProducerCounts;
  private final List<EdgeSpec> outputs;
  private final EngineConfig config;

  public StageLaunch(
      String jobId,
      StageSpec stage,
      List<EdgeSpec> inputs,
      List<Integer> inputProducerCounts,
      List<EdgeSpec> outputs,
      EngineConfig config) {
    this.jobId = jobId;
    this.stage = stage;
    this.inputs = List.copyOf(inputs);
    this.inputProducerCounts = List.copyOf(inputProducerCounts);
    this.outputs = List.copyOf(outputs);
    this.config = config;
  }

  public String jobId() {
    return jobId;
  }

  public StageSpec stage() {
    return stage;
  }

  public List<EdgeSpec> inputs() {
    return inputs;
  }

  /** Distinct writers of each input edge, in input order. */
  public List<Integer> inputProducerCounts() {
    return inputProducerCounts;
  }

  public List<EdgeSpec> outputs() {
    return outputs;
  }

  public EngineConfig config() {
    return config;
  }
}
