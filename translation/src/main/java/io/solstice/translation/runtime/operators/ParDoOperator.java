package io.solstice.translation.runtime.operators;

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

  ParDoOperator(ParDoSpec<InputT, OutputT> spec) {
    this.spec = spec;
  }

  @Override
  public void open(OperatorContext context) {
    finalizations = new BundleFinalizations(finalizer, context.checkpointing());
    DoFn<InputT, OutputT> fn = spec.copyFn();
    invoker = DoFnInvokers.tryInvokeSetupFor(fn, context.options());
    if (!spec.sideInputs.isEmpty()) {
      pushback = new SideInputPushback<>(spec.sideInputs, this::process);
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
  public OperatorState snapshotState(long checkpointId) throws IOException {
    finalizations.snapshotTaken(checkpointId);
    if (pushback == null) {
      return OperatorState.empty();
    }
    return OperatorState.local(LocalStateBytes.write(out -> pushback.snapshot(out, elementCoder())));
  }

  @Override
  public void restoreState(OperatorState state) throws Exception {
    if (pushback == null) {
      Operator.super.restoreState(state);
      return;
    }
    LocalStateBytes.read(state.local(), "ParDo", in -> pushback.restore(in, elementCoder()));
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
    if (pushback == null) {
      process((WindowedValue<InputT>) element);
    } else {
      pushback.offer((WindowedValue<InputT>) element);
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
  public void checkpointCompleted(long checkpointId) {
    finalizations.checkpointCompleted(checkpointId);
  }

  @Override
  public void bundleCommitted() {
    finalizations.bundleCommitted();
  }

  @Override
  public Instant watermarkHold() {
    return pushback == null ? BoundedWindow.TIMESTAMP_MAX_VALUE : pushback.hold();
  }

  @Override
  public void close() {
    if (invoker != null) {
      invoker.invokeTeardown();
    }
  }
}
