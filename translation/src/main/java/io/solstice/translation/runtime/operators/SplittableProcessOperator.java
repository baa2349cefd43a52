package io.solstice.translation.runtime.operators;

import io.solstice.translation.runtime.Operator;
import io.solstice.translation.runtime.OperatorContext;
import io.solstice.translation.runtime.OperatorState;
import io.solstice.translation.runtime.state.KeyBytes;
import io.solstice.translation.runtime.state.KeyGroupSnapshots;
import io.solstice.translation.runtime.state.KeyedStateBackend;
import io.solstice.translation.runtime.state.KeyedTimers;
import io.solstice.translation.runtime.state.KeyedTimers.KeyedTimer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.apache.beam.runners.core.DoFnRunners;
import org.apache.beam.runners.core.InMemoryBundleFinalizer;
import org.apache.beam.runners.core.KeyedWorkItem;
import org.apache.beam.runners.core.KeyedWorkItemCoder;
import org.apache.beam.runners.core.KeyedWorkItems;
import org.apache.beam.runners.core.OutputAndTimeBoundedSplittableProcessElementInvoker;
import org.apache.beam.runners.core.ProcessFnRunner;
import org.apache.beam.runners.core.ReadyCheckingSideInputReader;
import org.apache.beam.runners.core.SplittableParDoViaKeyedWorkItems.ProcessFn;
import org.apache.beam.sdk.coders.ByteArrayCoder;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.state.TimeDomain;
import org.apache.beam.sdk.transforms.DoFnSchemaInformation;
import org.apache.beam.sdk.transforms.reflect.DoFnInvoker;
import org.apache.beam.sdk.transforms.reflect.DoFnInvokers;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.GlobalWindow;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.WindowedValue;
import org.apache.beam.sdk.values.WindowedValues;
import org.apache.beam.sdk.values.WindowingStrategy;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * Processes the restrictions of a splittable DoFn with runners-core's {@link ProcessFn}: a
 * restriction runs until it is done or until 10,000 outputs or 5 seconds, then checkpoints its
 * residual into keyed state (holding the watermark) and resumes from a processing-time timer, in a
 * later bundle, so that the bundle that checkpointed commits (and runs its finalizers) first. Each
 * (element, restriction) pair has its own key.
 */
final class SplittableProcessOperator<InputT, OutputT, RestrictionT, PositionT, WatermarkEstimatorStateT>
    implements Operator {
  private static final int MAX_OUTPUTS_PER_CALL = 10_000;
  /**
   * A call's output is shipped, and its watermark estimate published, when it ends or checkpoints.
   * runners-core keeps the estimate as it was at the checkpoint, so the bound must exceed the time
   * a reader takes to notice it is idle and raise its estimate (KafkaIO: its poll timeout, 2 s by
   * default), or an idle reader's watermark never moves. Readers that return sooner are fresher.
   */
  private static final Duration MAX_CALL_DURATION = Duration.standardSeconds(5);
  /**
   * How long one round of resumptions may go on starting calls: the worker aligns checkpoint
   * barriers and takes input between rounds, so a worker with many restrictions (each call up to
   * {@link #MAX_CALL_DURATION}, an idle Kafka reader 2 s) would hold a checkpoint for all of them.
   * Restrictions left over resume first in the next round.
   */
  private static final long ROUND_BUDGET_NANOS = 500_000_000L;
  /** Times the checkpoints of long calls; shared by every splittable DoFn of the JVM. */
  private static final ScheduledExecutorService CHECKPOINT_TIMER =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread thread = new Thread(r, "solstice-sdf-checkpoints");
            thread.setDaemon(true);
            return thread;
          });

  private final SplittableProcessSpec<InputT, OutputT, RestrictionT, WatermarkEstimatorStateT> spec;
  private final InMemoryBundleFinalizer finalizer = new InMemoryBundleFinalizer();
  private BundleFinalizations finalizations;
  // Resumption timers are processing-time and hold nothing: the ProcessFn holds the watermark in
  // state for its residuals.
  private final KeyedTimers timers = new KeyedTimers(timer -> false);
  private final List<WindowedValue<KeyedWorkItem<byte[], KV<InputT, RestrictionT>>>> waiting = new ArrayList<>();
  private KeyedStateBackend state;
  private SideInputStore sideInputs;
  private DoFnInvoker<?, ?> invoker;
  private ProcessFnRunner<InputT, OutputT, RestrictionT> runner;
  private LazyBundle bundle;
  private boolean inputEnded;

  SplittableProcessOperator(SplittableProcessSpec<InputT, OutputT, RestrictionT, WatermarkEstimatorStateT> spec) {
    this.spec = spec;
  }

  private static KeyBytes key(byte[] key) {
    return KeyBytes.of(ByteArrayCoder.of(), key);
  }

  @Override
  @SuppressWarnings({"unchecked", "rawtypes"})
  public void open(OperatorContext context) {
    finalizations = new BundleFinalizations(finalizer, context.checkpointing());
    state = new KeyedStateBackend(context::keyGroupOf);
    ProcessFn<InputT, OutputT, RestrictionT, PositionT, WatermarkEstimatorStateT> processFn =
        new ProcessFn<>(
            spec.copyFn(),
            spec.elementCoder,
            spec.restrictionCoder,
            spec.watermarkEstimatorStateCoder,
            spec.windowing,
            spec.sideInputMapping);
    sideInputs = new SideInputStore(spec.sideInputs);
    ReadyCheckingSideInputReader reader = sideInputs;
    processFn.setStateInternalsFactory(k -> state.forKey(key(k)));
    processFn.setTimerInternalsFactory(k -> timers.forKey(key(k)));
    processFn.setSideInputReader(reader);
    processFn.setProcessElementInvoker(
        new OutputAndTimeBoundedSplittableProcessElementInvoker<>(
            processFn.getFn(),
            context.options(),
            context.output(),
            spec.mainOutput,
            reader,
            CHECKPOINT_TIMER,
            MAX_OUTPUTS_PER_CALL,
            MAX_CALL_DURATION,
            () -> finalizer));
    invoker = DoFnInvokers.tryInvokeSetupFor(processFn, context.options());
    runner =
        DoFnRunners.newProcessFnRunner(
            processFn,
            context.options(),
            spec.sideInputs,
            reader,
            context.output(),
            spec.mainOutput,
            spec.additionalOutputs,
            new StatelessStepContext(finalizer),
            null,
            spec.outputCoders,
            (WindowingStrategy) WindowingStrategy.globalDefault(),
            DoFnSchemaInformation.create(),
            spec.sideInputMapping);
    bundle = new LazyBundle(runner::startBundle, runner::finishBundle);
  }

  @Override
  @SuppressWarnings("unchecked")
  public void processElement(WindowedValue<?> element) {
    WindowedValue<KV<byte[], KV<InputT, RestrictionT>>> keyed =
        (WindowedValue<KV<byte[], KV<InputT, RestrictionT>>>) element;
    KeyedWorkItem<byte[], KV<InputT, RestrictionT>> work =
        KeyedWorkItems.elementsWorkItem(
            keyed.getValue().getKey(), Collections.singletonList(keyed.withValue(keyed.getValue().getValue())));
    offer(WindowedValues.valueInGlobalWindow(work));
  }

  /** Runs the work if its side inputs are ready, else keeps it until they are. */
  private void offer(WindowedValue<KeyedWorkItem<byte[], KV<InputT, RestrictionT>>> work) {
    bundle.ensureStarted();
    for (WindowedValue<KeyedWorkItem<byte[], KV<InputT, RestrictionT>>> notReady :
        runner.processElementInReadyWindows(work)) {
      waiting.add(notReady);
    }
  }

  @Override
  public void processSideInput(int index, WindowedValue<?> value) {
    sideInputs.add(index, value);
    retryWaiting();
  }

  @Override
  public void processSideInputWatermark(int index, Instant watermark) {
    sideInputs.advanceWatermark(index, watermark);
    retryWaiting();
  }

  private void retryWaiting() {
    List<WindowedValue<KeyedWorkItem<byte[], KV<InputT, RestrictionT>>>> retry = new ArrayList<>(waiting);
    waiting.clear();
    retry.forEach(this::offer);
  }

  @Override
  public void processWatermark(Instant watermark) {
    timers.advanceInputWatermark(watermark);
    inputEnded = !watermark.isBefore(BoundedWindow.TIMESTAMP_MAX_VALUE);
  }

  @Override
  public void processProcessingTime(Instant now) {
    long until = System.nanoTime() + ROUND_BUDGET_NANOS;
    timers.processProcessingTime(now, inputEnded, this::resume, () -> System.nanoTime() < until);
  }

  /** Residuals resume when their timer is due; once the input has ended, a round per bundle. */
  @Override
  public Instant nextProcessingTime() {
    if (inputEnded && finalizations.hasPending() && timers.isEmpty()) {
      // Finalizations (a source's checkpoint marks) wait for a checkpoint: keep the worker polling.
      return CheckpointWait.nextPoll();
    }
    return timers.nextProcessingTime(inputEnded);
  }

  private void resume(KeyedTimer due) {
    offer(
        WindowedValues.valueInGlobalWindow(
            KeyedWorkItems.<byte[], KV<InputT, RestrictionT>>timersWorkItem(
                (byte[]) due.key().key(), Collections.singletonList(due.timer()))));
  }

  @Override
  public void finishBundle() {
    bundle.finish();
  }

  @Override
  public void checkpointCompleted(long checkpointId) {
    finalizations.checkpointCompleted(checkpointId);
  }

  @Override
  public void bundleCommitted() {
    finalizations.bundleCommitted();
  }

  @Override
  public Instant watermarkHold() {
    Instant hold = state.earliestHold();
    if (inputEnded && finalizations.hasPending() && CheckpointWait.HOLD.isBefore(hold)) {
      // Finalizations waiting for a checkpoint keep the worker, which ends with its watermark.
      hold = CheckpointWait.HOLD;
    }
    for (WindowedValue<KeyedWorkItem<byte[], KV<InputT, RestrictionT>>> work : waiting) {
      for (WindowedValue<KV<InputT, RestrictionT>> element : work.getValue().elementsIterable()) {
        hold = element.getTimestamp().isBefore(hold) ? element.getTimestamp() : hold;
      }
    }
    return hold;
  }

  /**
   * Restrictions in progress (with the checkpoint marks of unbounded sources), watermark estimator
   * states and resumption timers are keyed state; side inputs and work waiting for them are the
   * worker's own.
   */
  @Override
  public OperatorState snapshotState(long checkpointId) throws IOException {
    finalizations.snapshotTaken(checkpointId);
    byte[] local =
        spec.sideInputs.isEmpty()
            ? new byte[0]
            : LocalStateBytes.write(
                out -> {
                  sideInputs.snapshot(out);
                  Coder<WindowedValue<KeyedWorkItem<byte[], KV<InputT, RestrictionT>>>> coder = workCoder();
                  out.writeInt(waiting.size());
                  for (WindowedValue<KeyedWorkItem<byte[], KV<InputT, RestrictionT>>> work : waiting) {
                    coder.encode(work, out);
                  }
                });
    return new OperatorState(snapshots().snapshot(), local);
  }

  @Override
  public void restoreState(OperatorState restored) throws IOException {
    snapshots().restore(restored.keyGroups().values());
    LocalStateBytes.read(
        restored.local(),
        "splittable DoFn",
        in -> {
          sideInputs.restore(in);
          Coder<WindowedValue<KeyedWorkItem<byte[], KV<InputT, RestrictionT>>>> coder = workCoder();
          for (int n = in.readInt(); n > 0; n--) {
            waiting.add(coder.decode(in));
          }
        });
  }

  private KeyGroupSnapshots snapshots() {
    return new KeyGroupSnapshots(state, timers, ByteArrayCoder.of(), spec.windowing.getWindowFn().windowCoder());
  }

  private Coder<WindowedValue<KeyedWorkItem<byte[], KV<InputT, RestrictionT>>>> workCoder() {
    return WindowedValues.getFullCoder(
        KeyedWorkItemCoder.of(
            ByteArrayCoder.of(),
            KvCoder.of(spec.elementCoder, spec.restrictionCoder),
            spec.windowing.getWindowFn().windowCoder()),
        GlobalWindow.Coder.INSTANCE);
  }

  @Override
  public void close() {
    if (invoker != null) {
      invoker.invokeTeardown();
    }
  }
}
