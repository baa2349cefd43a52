package io.solstice.translation.runtime;

import io.solstice.translation.runtime.FusedStageSpec.Source;
import io.solstice.translation.runtime.FusedStageSpec.Step;
import io.solstice.translation.runtime.FusedStageSpec.Target;
import java.io.Closeable;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;
import org.apache.beam.runners.core.metrics.MetricsContainerImpl;
import org.apache.beam.sdk.metrics.MetricsContainer;
import org.apache.beam.sdk.metrics.MetricsEnvironment;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.util.UserCodeException;
import org.apache.beam.sdk.util.WindowedValueMultiReceiver;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.WindowedValue;
import org.joda.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the transforms of one stage on one worker: pushes each element through the chain of
 * operators synchronously, and carries watermarks from the stage inputs down the chain.
 */
public final class FusedStage {
  private static final Logger LOG = LoggerFactory.getLogger(FusedStage.class);

  private final FusedStageSpec spec;
  private final PipelineOptions options;
  private final int workerIndex;
  private final int parallelism;
  private final List<StageOutput> stageOutputs;
  private final ToIntFunction<byte[]> keyGroupOf;
  private final JobClock jobClock;
  private final boolean checkpointing;
  private final GroupingMemory groupingMemory;
  private final StageMetrics metrics = new StageMetrics();
  private final Operator[] operators;
  private final MetricsContainerImpl[] containers;
  /**
   * Current between steps while a split is delivered: the thread's metrics slot then stays
   * occupied, and each step's set-and-restore is a cheap overwrite instead of an insert and a
   * removal. Nothing user-visible runs outside a step, so it is never reported.
   */
  private final MetricsContainerImpl betweenSteps = new MetricsContainerImpl("between-steps");
  private final Instant[] inputWatermarks;
  private final Instant[] mainWatermarks;
  private final Instant[] outputWatermarks;
  private final Instant[][] sideWatermarks;
  private boolean inBundle;
  private Thread slotThread;
  private MetricsEnvironment.MetricsEnvironmentState slot;

  public FusedStage(
      FusedStageSpec spec,
      PipelineOptions options,
      int workerIndex,
      int parallelism,
      List<StageOutput> stageOutputs,
      ToIntFunction<byte[]> keyGroupOf,
      JobClock jobClock,
      boolean checkpointing,
      GroupingMemory groupingMemory) {
    if (stageOutputs.size() != spec.outputCount()) {
      throw new IllegalArgumentException(
          "Stage has " + spec.outputCount() + " outputs, got " + stageOutputs.size() + " receivers");
    }
    this.spec = spec;
    this.options = options;
    this.workerIndex = workerIndex;
    this.parallelism = parallelism;
    this.stageOutputs = stageOutputs;
    this.keyGroupOf = keyGroupOf;
    this.jobClock = jobClock;
    this.checkpointing = checkpointing;
    this.groupingMemory = groupingMemory;
    int steps = spec.steps().size();
    this.operators = new Operator[steps];
    this.containers = new MetricsContainerImpl[steps];
    this.mainWatermarks = filled(steps, BoundedWindow.TIMESTAMP_MIN_VALUE);
    this.outputWatermarks = filled(steps, BoundedWindow.TIMESTAMP_MIN_VALUE);
    this.inputWatermarks = filled(spec.inputTargets().size(), BoundedWindow.TIMESTAMP_MIN_VALUE);
    this.sideWatermarks = new Instant[steps][];
    for (int i = 0; i < steps; i++) {
      sideWatermarks[i] =
          filled(spec.steps().get(i).sideInputSources().size(), BoundedWindow.TIMESTAMP_MIN_VALUE);
    }
  }

  private static Instant[] filled(int n, Instant value) {
    Instant[] array = new Instant[n];
    Arrays.fill(array, value);
    return array;
  }

  public void open() throws Exception {
    for (int i = 0; i < operators.length; i++) {
      Step step = spec.steps().get(i);
      containers[i] = metrics.container(step.name());
      operators[i] = step.operator().create();
      OperatorContext context = new Context(step.name(), containers[i], new Router(step));
      try (Closeable scope = scope(i)) {
        operators[i].open(context);
      }
    }
  }

  public void startBundle() throws Exception {
    inBundle = true;
    for (int i = 0; i < operators.length; i++) {
      try (Closeable scope = scope(i)) {
        operators[i].startBundle();
      }
    }
  }

  /** Makes many {@link #process} calls cheaper; close it after the last. */
  public Closeable deliveryScope() {
    return MetricsEnvironment.scopedMetricsContainer(betweenSteps);
  }

  /** Delivers one element of stage input {@code input}. */
  public void process(int input, WindowedValue<?> element) throws Exception {
    deliver(spec.inputTargets().get(input), element);
  }

  private void deliver(Target target, WindowedValue<?> element) throws Exception {
    if (target.kind() == Target.Kind.STAGE_OUTPUT) {
      stageOutputs.get(target.index()).emit(element);
      return;
    }
    // The per-element path: set the step's metrics container without allocating a scope.
    int step = target.index();
    MetricsEnvironment.MetricsEnvironmentState slot = metricsSlot();
    MetricsContainer previous = slot.activate(containers[step]);
    try {
      if (target.kind() == Target.Kind.STEP_MAIN) {
        operators[step].processElement(element);
      } else {
        operators[step].processSideInput(target.sideInput(), element);
      }
    } finally {
      slot.activate(previous);
    }
  }

  /**
   * The calling thread's metrics slot, looked up once per thread rather than twice per element:
   * a thread-local lookup per step boundary showed as a tenth of a worker's time on wide rows.
   */
  private MetricsEnvironment.MetricsEnvironmentState metricsSlot() {
    Thread current = Thread.currentThread();
    if (current != slotThread) {
      slot = MetricsEnvironment.getMetricsEnvironmentStateForCurrentThread();
      slotThread = current;
    }
    return slot;
  }

  /** Stage input {@code input}'s watermark advanced; carries it down the chain. */
  public void advanceWatermark(int input, Instant watermark) throws Exception {
    if (watermark.isAfter(inputWatermarks[input])) {
      inputWatermarks[input] = watermark;
      propagateWatermarks();
    }
  }

  /**
   * Hands each step the watermarks of its inputs, in chain order: a step's main input watermark is
   * the minimum over its sources, where an upstream step contributes min(its input, its hold).
   */
  private void propagateWatermarks() throws Exception {
    for (int i = 0; i < operators.length; i++) {
      Step step = spec.steps().get(i);
      try (Closeable scope = scope(i)) {
        for (int s = 0; s < step.sideInputSources().size(); s++) {
          Instant side = inputWatermarks[step.sideInputSources().get(s)];
          if (side.isAfter(sideWatermarks[i][s])) {
            sideWatermarks[i][s] = side;
            operators[i].processSideInputWatermark(s, side);
          }
        }
        Instant main = BoundedWindow.TIMESTAMP_MAX_VALUE;
        for (Source source : step.mainSources()) {
          Instant wm =
              source.isStageInput() ? inputWatermarks[source.index()] : outputWatermarks[source.index()];
          main = wm.isBefore(main) ? wm : main;
        }
        if (main.isAfter(mainWatermarks[i])) {
          mainWatermarks[i] = main;
          operators[i].processWatermark(main);
        }
        Instant hold = operators[i].watermarkHold();
        outputWatermarks[i] = hold.isBefore(mainWatermarks[i]) ? hold : mainWatermarks[i];
      }
    }
  }

  /** The clock reached {@code now}: every operator fires what is due. */
  public void advanceProcessingTime(Instant now) throws Exception {
    for (int i = 0; i < operators.length; i++) {
      try (Closeable scope = scope(i)) {
        operators[i].processProcessingTime(now);
      }
    }
  }

  /** Synchronized processing time reached {@code time}: every operator fires what is due. */
  public void advanceSynchronizedProcessingTime(Instant time) throws Exception {
    for (int i = 0; i < operators.length; i++) {
      try (Closeable scope = scope(i)) {
        operators[i].processSynchronizedProcessingTime(time);
      }
    }
  }

  /** The earliest synchronized processing time any operator needs. */
  public Instant nextSynchronizedProcessingTime() {
    Instant next = BoundedWindow.TIMESTAMP_MAX_VALUE;
    for (Operator operator : operators) {
      Instant t = operator.nextSynchronizedProcessingTime();
      next = t.isBefore(next) ? t : next;
    }
    return next;
  }

  /** The earliest time any operator needs the clock. */
  public Instant nextProcessingTime() {
    Instant next = BoundedWindow.TIMESTAMP_MAX_VALUE;
    for (Operator operator : operators) {
      Instant t = operator.nextProcessingTime();
      next = t.isBefore(next) ? t : next;
    }
    return next;
  }

  public void finishBundle() throws Exception {
    // Holds may have moved while processing elements; let later steps see it before the bundle ends.
    propagateWatermarks();
    for (int i = 0; i < operators.length; i++) {
      try (Closeable scope = scope(i)) {
        operators[i].finishBundle();
      }
    }
    inBundle = false;
    metrics.bundleFinished();
  }

  public void bundleCommitted() throws Exception {
    metrics.bundleCommitted();
    for (int i = 0; i < operators.length; i++) {
      try (Closeable scope = scope(i)) {
        operators[i].bundleCommitted();
      }
    }
  }

  /** The earliest timestamp any operator of the stage may still emit. */
  public Instant watermarkHold() {
    Instant hold = BoundedWindow.TIMESTAMP_MAX_VALUE;
    for (Operator operator : operators) {
      Instant h = operator.watermarkHold();
      hold = h.isBefore(hold) ? h : hold;
    }
    return hold;
  }

  /** Every step's state, between bundles: per key group, and the worker's own. */
  public OperatorState snapshotState(long checkpointId) throws Exception {
    OperatorState[] states = new OperatorState[operators.length];
    for (int i = 0; i < operators.length; i++) {
      try (Closeable scope = scope(i)) {
        states[i] = operators[i].snapshotState(checkpointId);
      }
    }
    return StageStateBytes.combine(states);
  }

  /** Checkpoint {@code checkpointId} completed: steps finalize what it covers. */
  public void checkpointCompleted(long checkpointId) throws Exception {
    for (int i = 0; i < operators.length; i++) {
      try (Closeable scope = scope(i)) {
        operators[i].checkpointCompleted(checkpointId);
      }
    }
  }

  /** Loads a snapshot of this stage's steps, after {@link #open} and before any input. */
  public void restoreState(OperatorState state) throws Exception {
    OperatorState[] states = StageStateBytes.split(state, operators.length);
    for (int i = 0; i < operators.length; i++) {
      try (Closeable scope = scope(i)) {
        operators[i].restoreState(states[i]);
      } catch (Exception e) {
        throw new IllegalStateException("Restoring the state of step " + spec.steps().get(i).name() + " failed", e);
      }
    }
  }

  /** Metrics so far; a bundle still open here failed, and counts as attempted only. */
  public StageMetrics.Snapshot metricsSnapshot() {
    if (inBundle) {
      metrics.bundleFailed();
      inBundle = false;
    }
    return metrics.snapshot();
  }

  /** Bytes the steps have spilled to local disk so far. */
  public long spilledBytes() {
    long spilled = 0;
    for (Operator operator : operators) {
      spilled += operator == null ? 0 : operator.spilledBytes();
    }
    return spilled;
  }

  /** Tears every operator down; a failing teardown is logged, as Beam runners do. */
  public void close() {
    for (int i = 0; i < operators.length; i++) {
      if (operators[i] == null) {
        continue;
      }
      try (Closeable scope = scope(i)) {
        operators[i].close();
      } catch (Exception e) {
        LOG.warn("Tearing down {} failed", spec.steps().get(i).name(), UserCodeException.wrap(e));
      }
    }
  }

  private Closeable scope(int step) {
    return MetricsEnvironment.scopedMetricsContainer(containers[step]);
  }

  /** Sends a step's outputs to the steps and stage outputs that consume them. */
  private final class Router implements WindowedValueMultiReceiver {
    private final Map<TupleTag<?>, List<Target>> routes;
    /** The last tag routed and its targets: a step emits to one tag nearly always, so most outputs skip hashing it. */
    private TupleTag<?> lastTag;
    private Target[] lastTargets;

    Router(Step step) {
      this.routes = step.outputs();
    }

    @Override
    public <OutputT> void output(TupleTag<OutputT> tag, WindowedValue<OutputT> value) {
      if (tag != lastTag) {
        List<Target> targets = routes.get(tag);
        lastTargets = targets == null ? new Target[0] : targets.toArray(new Target[0]);
        lastTag = tag;
      }
      try {
        for (Target target : lastTargets) {
          deliver(target, value);
        }
      } catch (RuntimeException e) {
        throw e;
      } catch (Exception e) {
        throw UserCodeException.wrap(e);
      }
    }
  }

  private final class Context implements OperatorContext {
    private final String stepName;
    private final MetricsContainerImpl container;
    private final WindowedValueMultiReceiver output;

    Context(String stepName, MetricsContainerImpl container, WindowedValueMultiReceiver output) {
      this.stepName = stepName;
      this.container = container;
      this.output = output;
    }

    @Override
    public String stepName() {
      return stepName;
    }

    @Override
    public PipelineOptions options() {
      return options;
    }

    @Override
    public WindowedValueMultiReceiver output() {
      return output;
    }

    @Override
    public MetricsContainerImpl metrics() {
      return container;
    }

    @Override
    public int workerIndex() {
      return workerIndex;
    }

    @Override
    public int parallelism() {
      return parallelism;
    }

    @Override
    public JobClock jobClock() {
      return jobClock;
    }

    @Override
    public boolean checkpointing() {
      return checkpointing;
    }

    @Override
    public GroupingMemory groupingMemory() {
      return groupingMemory;
    }

    @Override
    public int keyGroupOf(byte[] encodedKey) {
      return keyGroupOf.applyAsInt(encodedKey);
    }
  }
}
