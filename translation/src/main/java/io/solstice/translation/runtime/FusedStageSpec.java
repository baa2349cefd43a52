package io.solstice.translation.runtime;

import java.io.Serializable;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.values.TupleTag;

/**
 * What a fused stage runs: its transforms in topological order and how elements flow between
 * them, from the stage's inputs and to its outputs. Built by the stage fuser, shipped to workers.
 */
public final class FusedStageSpec implements Serializable {
  private static final long serialVersionUID = 1L;

  private final List<Step> steps;
  private final List<Target> inputTargets;
  private final int outputCount;

  public FusedStageSpec(List<Step> steps, List<Target> inputTargets, int outputCount) {
    this.steps = List.copyOf(steps);
    this.inputTargets = List.copyOf(inputTargets);
    this.outputCount = outputCount;
  }

  public List<Step> steps() {
    return steps;
  }

  /** Where the elements of each stage input go. */
  public List<Target> inputTargets() {
    return inputTargets;
  }

  /** The name of a step that waits for checkpoints ({@link OperatorSpec#waitsForCheckpoints}), or null. */
  public String stepWaitingForCheckpoints() {
    return steps.stream().filter(step -> step.operator().waitsForCheckpoints()).map(Step::name).findFirst().orElse(null);
  }

  /** Whether any step keeps state of each worker's own ({@link OperatorSpec#keepsWorkerState}). */
  public boolean keepsWorkerState() {
    return steps.stream().anyMatch(step -> step.operator().keepsWorkerState());
  }

  public int outputCount() {
    return outputCount;
  }

  /** One transform of the stage. */
  public static final class Step implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String name;
    private final OperatorSpec operator;
    private final List<Source> mainSources;
    private final List<Integer> sideInputSources;
    private final Map<TupleTag<?>, List<Target>> outputs;

    /**
     * @param mainSources where the main input comes from, for its watermark
     * @param sideInputSources for each side input, the stage input that carries it
     * @param outputs for each output tag, where its elements go
     */
    public Step(
        String name,
        OperatorSpec operator,
        List<Source> mainSources,
        List<Integer> sideInputSources,
        Map<TupleTag<?>, List<Target>> outputs) {
      this.name = name;
      this.operator = operator;
      this.mainSources = List.copyOf(mainSources);
      this.sideInputSources = List.copyOf(sideInputSources);
      this.outputs = Map.copyOf(outputs);
    }

    public String name() {
      return name;
    }

    public OperatorSpec operator() {
      return operator;
    }

    public List<Source> mainSources() {
      return mainSources;
    }

    public List<Integer> sideInputSources() {
      return sideInputSources;
    }

    public Map<TupleTag<?>, List<Target>> outputs() {
      return outputs;
    }
  }

  /** Where an element goes: a step's main input, a step's side input, or a stage output. */
  public static final class Target implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The kinds of destinations. */
    public enum Kind {
      STEP_MAIN,
      STEP_SIDE,
      STAGE_OUTPUT
    }

    private final Kind kind;
    private final int index;
    private final int sideInput;

    private Target(Kind kind, int index, int sideInput) {
      this.kind = kind;
      this.index = index;
      this.sideInput = sideInput;
    }

    public static Target stepMain(int step) {
      return new Target(Kind.STEP_MAIN, step, -1);
    }

    public static Target stepSide(int step, int sideInput) {
      return new Target(Kind.STEP_SIDE, step, sideInput);
    }

    public static Target stageOutput(int output) {
      return new Target(Kind.STAGE_OUTPUT, output, -1);
    }

    public Kind kind() {
      return kind;
    }

    /** The step or stage output index. */
    public int index() {
      return index;
    }

    public int sideInput() {
      return sideInput;
    }
  }

  /** Where a step's main input comes from: a stage input or an earlier step. */
  public static final class Source implements Serializable {
    private static final long serialVersionUID = 1L;

    private final boolean stageInput;
    private final int index;

    private Source(boolean stageInput, int index) {
      this.stageInput = stageInput;
      this.index = index;
    }

    public static Source stageInput(int input) {
      return new Source(true, input);
    }

    public static Source step(int step) {
      return new Source(false, step);
    }

    public boolean isStageInput() {
      return stageInput;
    }

    public int index() {
      return index;
    }
  }
}
