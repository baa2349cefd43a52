package io.solstice.translation.runtime.operators;

import io.solstice.translation.runtime.Operator;
import io.solstice.translation.runtime.OperatorContext;
import io.solstice.translation.runtime.OperatorState;
import io.solstice.translation.runtime.state.KeyBytes;
import io.solstice.translation.runtime.state.KeyGroupSnapshots;
import io.solstice.translation.runtime.state.KeyedStateBackend;
import io.solstice.translation.runtime.state.KeyedStepContext;
import io.solstice.translation.runtime.state.KeyedTimers;
import io.solstice.translation.runtime.state.KeyedTimers.KeyedTimer;
import java.io.IOException;
import org.apache.beam.runners.core.DoFnRunner;
import org.apache.beam.runners.core.DoFnRunners;
import org.apache.beam.runners.core.InMemoryBundleFinalizer;
import org.apache.beam.runners.core.NullSideInputReader;
import org.apache.beam.runners.core.StateNamespaces.WindowNamespace;
import org.apache.beam.runners.core.StatefulDoFnRunner;
import org.apache.beam.runners.core.TimerInternals.TimerData;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.state.TimeDomain;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.reflect.DoFnInvoker;
import org.apache.beam.sdk.transforms.reflect.DoFnInvokers;
import org.apache.beam.sdk.transforms.reflect.DoFnSignatures;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.WindowedValue;
import org.apache.beam.sdk.values.WindowedValues;
import org.joda.time.Instant;

/**
 * Runs a ParDo with state and timers on a keyed input, through runners-core's {@link
 * StatefulDoFnRunner} (late-data dropping, state garbage collection and {@code
 * OnWindowExpiration}, time-sorted input) over {@link DoFnRunners#simpleRunner}. State and timers
 * are kept per key; before each element or timer the step context switches to its key. Event-time
 * timers fire as the input watermark passes them, processing-time timers as the clock does; once
 * the input has ended, the clock runs forward to each remaining timer, a bundle per round.
 */
final class StatefulParDoOperator<K, V, OutputT> implements Operator {
  private final StatefulParDoSpec<K, V, OutputT> spec;
  private final InMemoryBundleFinalizer finalizer = new InMemoryBundleFinalizer();
  private BundleFinalizations finalizations;
  // A state garbage-collection timer emits nothing of its own, so it holds no watermark; other
  // timers hold it at their output timestamps.
  private final KeyedTimers timers =
      new KeyedTimers(t -> !StatefulDoFnRunner.TimeInternalsCleanupTimer.GC_TIMER_ID.equals(t.getTimerId()));
  private KeyedStateBackend state;
  private KeyedStepContext step;
  private DoFnInvoker<KV<K, V>, OutputT> invoker;
  private DoFnRunner<KV<K, V>, OutputT> runner;
  private LazyBundle bundle;
  private SideInputPushback<KV<K, V>> pushback;
  private Instant mainInputWatermark = BoundedWindow.TIMESTAMP_MIN_VALUE;
  private boolean inputEnded;
  private StableInputBuffer<KV<K, V>> stableInput;


  StatefulParDoOperator(StatefulParDoSpec<K, V, OutputT> spec) {
    this.spec = spec;
  }

  @Override
  @SuppressWarnings({"unchecked", "rawtypes"})
  public void open(OperatorContext context) {
    finalizations = new BundleFinalizations(finalizer, context.checkpointing());
    ParDoSpec<KV<K, V>, OutputT> parDo = spec.parDo;
    DoFn<KV<K, V>, OutputT> fn = parDo.copyFn();
    if (context.checkpointing() && DoFnSignatures.getSignature(fn.getClass()).processElement().requiresStableInput()) {
      stableInput = new StableInputBuffer<>(elementCoder());
    }
    invoker = DoFnInvokers.tryInvokeSetupFor(fn, context.options());
    state = new KeyedStateBackend(context::keyGroupOf);
    step = new KeyedStepContext(state, timers, finalizer);
    if (!parDo.sideInputs.isEmpty()) {
      pushback = new SideInputPushback<>(parDo.sideInputs, this::processKeyed);
    }
    DoFnRunner<KV<K, V>, OutputT> simple =
        DoFnRunners.simpleRunner(
            context.options(),
            fn,
            pushback != null ? pushback.reader() : NullSideInputReader.empty(),
            context.output(),
            parDo.mainOutput,
            parDo.additionalOutputs,
            step,
            parDo.inputCoder,
            parDo.outputCoders,
            parDo.windowing,
            parDo.schemaInformation,
            parDo.sideInputMapping);
    Coder<BoundedWindow> windowCoder = (Coder<BoundedWindow>) parDo.windowing.getWindowFn().windowCoder();
    runner =
        DoFnRunners.defaultStatefulDoFnRunner(
            fn,
            parDo.inputCoder,
            simple,
            step,
            parDo.windowing,
            new StatefulDoFnRunner.TimeInternalsCleanupTimer(step.timerInternals(), parDo.windowing),
            new StatefulDoFnRunner.StateInternalsStateCleaner(fn, step.stateInternals(), windowCoder),
            true);
    bundle = new LazyBundle(runner::startBundle, runner::finishBundle);
  }

  @Override
  @SuppressWarnings("unchecked")
  public void processElement(WindowedValue<?> element) throws Exception {
    WindowedValue<KV<K, V>> keyed = (WindowedValue<KV<K, V>>) element;
    if (stableInput != null) {
      stableInput.add(keyed);
    } else {
      dispatch(keyed);
    }
  }

  private void dispatch(WindowedValue<KV<K, V>> keyed) throws Exception {
    if (pushback == null) {
      processKeyed(keyed);
    } else {
      pushback.offer(keyed);
    }
  }

  private boolean waitsForCheckpoint() {
    return (stableInput != null && !stableInput.isEmpty()) || finalizations.hasPending();
  }

  /** Hands the DoFn the input a completed checkpoint made stable, then lets its watermark move. */
  private void dispatchStable() throws Exception {
    for (WindowedValue<KV<K, V>> element : stableInput.takeStable()) {
      dispatch(element);
    }
    advanceDoFnWatermark();
  }

  private void processKeyed(WindowedValue<KV<K, V>> element) {
    bundle.ensureStarted();
    step.setKey(KeyBytes.of(spec.keyCoder, element.getValue().getKey()));
    runner.processElement(element);
  }

  @Override
  public void processSideInput(int index, WindowedValue<?> value) throws Exception {
    pushback.addSideInput(index, value);
    advanceDoFnWatermark();
  }

  @Override
  public void processSideInputWatermark(int index, Instant watermark) throws Exception {
    pushback.advanceSideInputWatermark(index, watermark);
    advanceDoFnWatermark();
  }

  @Override
  public void processWatermark(Instant watermark) {
    mainInputWatermark = watermark;
    advanceDoFnWatermark();
  }

  /**
   * The DoFn's input watermark is the main input's, held at the earliest element still waiting
   * for side inputs: the stateful runner drops elements behind its watermark as late, and an
   * element that waited for a side input is not late.
   */
  private void advanceDoFnWatermark() {
    Instant watermark = mainInputWatermark;
    if (pushback != null && pushback.hold().isBefore(watermark)) {
      watermark = pushback.hold();
    }
    if (stableInput != null && stableInput.hold().isBefore(watermark)) {
      watermark = stableInput.hold();
    }
    if (!watermark.isAfter(timers.inputWatermark())) {
      return;
    }
    timers.advanceInputWatermark(watermark);
    fireDue(TimeDomain.EVENT_TIME, watermark);
    inputEnded = !watermark.isBefore(BoundedWindow.TIMESTAMP_MAX_VALUE);
    Instant hold = watermarkHold();
    timers.advanceOutputWatermark(hold.isBefore(watermark) ? hold : watermark);
  }

  /** Fires every timer of the domain due before {@code time}; returns whether any fired. */
  private boolean fireDue(TimeDomain domain, Instant time) {
    boolean fired = false;
    KeyedTimer due;
    while ((due = timers.pollDue(domain, time)) != null) {
      fired = true;
      fire(due);
    }
    return fired;
  }

  private void fire(KeyedTimer due) {
    bundle.ensureStarted();
    TimerData timer = due.timer();
    step.setKey(due.key());
    BoundedWindow window = ((WindowNamespace<?>) timer.getNamespace()).getWindow();
    runner.onTimer(
        timer.getTimerId(),
        timer.getTimerFamilyId(),
        due.key().key(),
        window,
        timer.getTimestamp(),
        timer.getOutputTimestamp(),
        timer.getDomain(),
        timer.causedByDrain());
  }


  @Override
  public void processProcessingTime(Instant now) throws Exception {
    if (stableInput != null && stableInput.hasStable()) {
      dispatchStable();
    }
    timers.processProcessingTime(now, inputEnded, this::fire);
    // Processing-time timers may set event-time ones already due.
    fireDue(TimeDomain.EVENT_TIME, timers.inputWatermark());
  }

  @Override
  public Instant nextProcessingTime() {
    if (stableInput != null && stableInput.hasStable()) {
      return BoundedWindow.TIMESTAMP_MIN_VALUE;
    }
    if (waitsForCheckpoint() && !mainInputWatermark.isBefore(BoundedWindow.TIMESTAMP_MAX_VALUE)) {
      // The input has ended and elements or finalizations wait for a checkpoint: keep polling.
      return CheckpointWait.nextPoll();
    }
    return timers.nextProcessingTime(inputEnded);
  }

  @Override
  public void finishBundle() {
    bundle.finish();
  }

  @Override
  public void checkpointCompleted(long checkpointId) throws Exception {
    finalizations.checkpointCompleted(checkpointId);
    if (stableInput != null) {
      stableInput.checkpointCompleted(checkpointId);
      dispatchStable();
    }
  }

  @Override
  public void bundleCommitted() {
    finalizations.bundleCommitted();
  }

  @Override
  public Instant watermarkHold() {
    Instant hold = state.earliestHold();
    Instant timerHold = timers.earliestOutputHold();
    hold = timerHold.isBefore(hold) ? timerHold : hold;
    if (pushback != null && pushback.hold().isBefore(hold)) {
      hold = pushback.hold();
    }
    if (stableInput != null && stableInput.hold().isBefore(hold)) {
      hold = stableInput.hold();
    }
    if (inputEnded && finalizations.hasPending() && CheckpointWait.HOLD.isBefore(hold)) {
      // Finalizations waiting for a checkpoint keep the worker, which ends with its watermark.
      hold = CheckpointWait.HOLD;
    }
    return hold;
  }

  @Override
  public OperatorState snapshotState(long checkpointId) throws IOException {
    finalizations.snapshotTaken(checkpointId);
    if (stableInput != null) {
      stableInput.snapshotTaken(checkpointId);
    }
    byte[] local =
        pushback == null && stableInput == null
            ? new byte[0]
            : LocalStateBytes.write(
                out -> {
                  if (pushback != null) {
                    pushback.snapshot(out, elementCoder());
                  }
                  if (stableInput != null) {
                    stableInput.snapshot(out);
                  }
                });
    return new OperatorState(snapshots().snapshot(), local);
  }

  @Override
  public void restoreState(OperatorState restored) throws IOException {
    snapshots().restore(restored.keyGroups().values());
    LocalStateBytes.read(
        restored.local(),
        "stateful ParDo",
        in -> {
          if (pushback != null) {
            pushback.restore(in, elementCoder());
          }
          if (stableInput != null) {
            stableInput.restore(in);
          }
        });
  }

  private KeyGroupSnapshots snapshots() {
    return new KeyGroupSnapshots(state, timers, spec.keyCoder, spec.parDo.windowing.getWindowFn().windowCoder());
  }

  private Coder<WindowedValue<KV<K, V>>> elementCoder() {
    return WindowedValues.getFullCoder(spec.parDo.inputCoder, spec.parDo.windowing.getWindowFn().windowCoder());
  }

  @Override
  public void close() {
    if (invoker != null) {
      invoker.invokeTeardown();
    }
  }
}
