package io.solstice.translation.runtime.operators;

import io.solstice.translation.api.TwoPhaseCommitter;
import io.solstice.translation.runtime.Operator;
import io.solstice.translation.runtime.OperatorContext;
import io.solstice.translation.runtime.OperatorState;
import java.io.IOException;
import org.apache.beam.runners.core.DoFnRunner;
import org.apache.beam.runners.core.DoFnRunners;
import org.apache.beam.runners.core.InMemoryBundleFinalizer;
import org.apache.beam.runners.core.NullSideInputReader;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.reflect.DoFnInvoker;
import org.apache.beam.sdk.transforms.reflect.DoFnInvokers;
import org.apache.beam.sdk.transforms.reflect.DoFnSignatures;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.values.WindowedValue;
import org.apache.beam.sdk.values.WindowedValues;
import org.joda.time.Instant;

/**
 * Runs a stateless ParDo through runners-core's {@link DoFnRunners#simpleRunner}. With side inputs,
 * elements wait in a {@link SideInputPushback} until their side-input windows are ready.
 */
final class ParDoOperator<InputT, OutputT> implements Operator {
  private final ParDoSpec<InputT, OutputT> spec;
  private final InMemoryBundleFinalizer finalizer = new InMemoryBundleFinalizer();
  private BundleFinalizations finalizations;
  private DoFnInvoker<InputT, OutputT> invoker;
  private DoFnRunner<InputT, OutputT> runner;
  private LazyBundle bundle;
  private SideInputPushback<InputT> pushback;
  private StableInputBuffer<InputT> stableInput;
  private TwoPhaseCommits commits;
  private boolean inputEnded;


  ParDoOperator(ParDoSpec<InputT, OutputT> spec) {
    this.spec = spec;
  }

  @Override
  public void open(OperatorContext context) throws Exception {
    finalizations = new BundleFinalizations(finalizer, context.checkpointing());
    DoFn<InputT, OutputT> fn = spec.copyFn();
    invoker = DoFnInvokers.tryInvokeSetupFor(fn, context.options());
    if (!spec.sideInputs.isEmpty()) {
      pushback = new SideInputPushback<>(spec.sideInputs, this::process);
    }
    if (context.checkpointing() && DoFnSignatures.getSignature(fn.getClass()).processElement().requiresStableInput()) {
      stableInput = new StableInputBuffer<>(elementCoder());
    }
    if (fn instanceof TwoPhaseCommitter) {
      commits = new TwoPhaseCommits((TwoPhaseCommitter) fn, context.workerIndex(), context.checkpointing());
    }
    runner =
        DoFnRunners.simpleRunner(
            context.options(),
            fn,
            pushback != null ? pushback.reader() : NullSideInputReader.empty(),
            context.output(),
            spec.mainOutput,
            spec.additionalOutputs,
            new StatelessStepContext(finalizer),
            spec.inputCoder,
            spec.outputCoders,
            spec.windowing,
            spec.schemaInformation,
            spec.sideInputMapping);
    bundle = new LazyBundle(runner::startBundle, runner::finishBundle);
  }

  @Override
  public void startBundle() {}

  @Override
  public OperatorState snapshotState(long checkpointId) throws Exception {
    finalizations.snapshotTaken(checkpointId);
    if (stableInput != null) {
      stableInput.snapshotTaken(checkpointId);
    }
    if (commits != null) {
      commits.snapshotTaken(checkpointId);
    }
    if (pushback == null && stableInput == null && commits == null) {
      return OperatorState.empty();
    }
    return OperatorState.local(
        LocalStateBytes.write(
            out -> {
              if (pushback != null) {
                pushback.snapshot(out, elementCoder());
              }
              if (stableInput != null) {
                stableInput.snapshot(out);
              }
              if (commits != null) {
                commits.snapshot(out);
              }
            }));
  }

  @Override
  public void restoreState(OperatorState state) throws Exception {
    if (pushback == null && stableInput == null && commits == null) {
      Operator.super.restoreState(state);
      return;
    }
    LocalStateBytes.read(
        state.local(),
        "ParDo",
        in -> {
          if (pushback != null) {
            pushback.restore(in, elementCoder());
          }
          if (stableInput != null) {
            stableInput.restore(in);
          }
          if (commits != null) {
            commits.restore(in);
          }
        });
    if (commits != null) {
      commits.recover();
    }
  }

  private Coder<WindowedValue<InputT>> elementCoder() {
    return WindowedValues.getFullCoder(spec.inputCoder, spec.windowing.getWindowFn().windowCoder());
  }

  private void process(WindowedValue<InputT> element) {
    bundle.ensureStarted();
    runner.processElement(element);
  }

  @Override
  @SuppressWarnings("unchecked")
  public void processElement(WindowedValue<?> element) throws Exception {
    if (stableInput != null) {
      stableInput.add((WindowedValue<InputT>) element);
    } else {
      dispatch((WindowedValue<InputT>) element);
    }
  }

  private void dispatch(WindowedValue<InputT> element) throws Exception {
    if (pushback == null) {
      process(element);
    } else {
      pushback.offer(element);
    }
  }

  /** Hands the DoFn the input that a completed checkpoint made stable. */
  private void dispatchStable() throws Exception {
    for (WindowedValue<InputT> element : stableInput.takeStable()) {
      dispatch(element);
    }
  }

  @Override
  public void processWatermark(Instant watermark) {
    inputEnded = !watermark.isBefore(BoundedWindow.TIMESTAMP_MAX_VALUE);
  }

  /**
   * With stable input: restored elements go to the DoFn in the first bundle; once the input has
   * ended, the worker keeps polling while elements wait for a checkpoint.
   */
  @Override
  public Instant nextProcessingTime() {
    if (stableInput != null && stableInput.hasStable()) {
      return BoundedWindow.TIMESTAMP_MIN_VALUE;
    }
    return inputEnded && waitsForCheckpoint() ? CheckpointWait.nextPoll() : BoundedWindow.TIMESTAMP_MAX_VALUE;
  }

  /** Input waiting to become stable, or writes waiting to be committed, need another checkpoint. */
  private boolean waitsForCheckpoint() {
    return (stableInput != null && !stableInput.isEmpty())
        || (commits != null && commits.waitsForCommit())
        || finalizations.hasPending();
  }

  @Override
  public void processProcessingTime(Instant now) throws Exception {
    if (stableInput != null) {
      dispatchStable();
    }
  }

  @Override
  public void processSideInput(int index, WindowedValue<?> value) throws Exception {
    pushback.addSideInput(index, value);
  }

  @Override
  public void processSideInputWatermark(int index, Instant watermark) throws Exception {
    pushback.advanceSideInputWatermark(index, watermark);
  }

  @Override
  public void finishBundle() {
    bundle.finish();
  }

  @Override
  public void checkpointCompleted(long checkpointId) throws Exception {
    finalizations.checkpointCompleted(checkpointId);
    if (commits != null) {
      commits.checkpointCompleted(checkpointId);
    }
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
    Instant hold = pushback == null ? BoundedWindow.TIMESTAMP_MAX_VALUE : pushback.hold();
    if (stableInput != null && stableInput.hold().isBefore(hold)) {
      hold = stableInput.hold();
    }
    if (inputEnded && waitsForCheckpoint() && CheckpointWait.HOLD.isBefore(hold)) {
      // What waits for a checkpoint keeps the worker, which ends only once its output watermark does.
      hold = CheckpointWait.HOLD;
    }
    return hold;
  }

  @Override
  public void close() {
    if (invoker != null) {
      invoker.invokeTeardown();
    }
  }
}
