package io.solstice.translation.runtime.operators;

import io.solstice.translation.runtime.Operator;
import io.solstice.translation.runtime.OperatorContext;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.runners.core.DoFnRunner;
import org.apache.beam.runners.core.DoFnRunners;
import org.apache.beam.runners.core.InMemoryBundleFinalizer;
import org.apache.beam.runners.core.NullSideInputReader;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.reflect.DoFnInvoker;
import org.apache.beam.sdk.transforms.reflect.DoFnInvokers;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.WindowedValue;
import org.joda.time.Instant;

/**
 * Runs a stateless ParDo through runners-core's {@link DoFnRunners#simpleRunner}. With side inputs,
 * elements whose side-input windows are not ready yet are pushed back and retried as side-input
 * data and watermarks arrive; they hold the watermark meanwhile.
 *
 * <p>Pushback is done here rather than with runners-core's SimplePushbackSideInputDoFnRunner,
 * which remembers a window as not ready for the rest of the bundle: here side inputs can become
 * ready in the middle of a bundle.
 */
final class ParDoOperator<InputT, OutputT> implements Operator {
  private final ParDoSpec<InputT, OutputT> spec;
  private final InMemoryBundleFinalizer finalizer = new InMemoryBundleFinalizer();
  private DoFnInvoker<InputT, OutputT> invoker;
  private DoFnRunner<InputT, OutputT> runner;
  private SideInputStore sideInputs;
  private List<WindowedValue<InputT>> pushedBack = new ArrayList<>();
  private Instant hold = BoundedWindow.TIMESTAMP_MAX_VALUE;

  ParDoOperator(ParDoSpec<InputT, OutputT> spec) {
    this.spec = spec;
  }

  @Override
  public void open(OperatorContext context) {
    DoFn<InputT, OutputT> fn = spec.copyFn();
    invoker = DoFnInvokers.tryInvokeSetupFor(fn, context.options());
    if (!spec.sideInputs.isEmpty()) {
      sideInputs = new SideInputStore(spec.sideInputs);
    }
    runner =
        DoFnRunners.simpleRunner(
            context.options(),
            fn,
            sideInputs != null ? sideInputs : NullSideInputReader.empty(),
            context.output(),
            spec.mainOutput,
            spec.additionalOutputs,
            new StatelessStepContext(finalizer),
            spec.inputCoder,
            spec.outputCoders,
            spec.windowing,
            spec.schemaInformation,
            spec.sideInputMapping);
  }

  @Override
  public void startBundle() {
    runner.startBundle();
  }

  @Override
  @SuppressWarnings("unchecked")
  public void processElement(WindowedValue<?> element) {
    WindowedValue<InputT> input = (WindowedValue<InputT>) element;
    if (sideInputs == null) {
      runner.processElement(input);
      return;
    }
    // Each window separately: side inputs are read per window.
    for (WindowedValue<InputT> single : input.explodeWindows()) {
      if (sideInputsReady(single.getWindows().iterator().next())) {
        runner.processElement(single);
      } else {
        pushedBack.add(single);
        hold = single.getTimestamp().isBefore(hold) ? single.getTimestamp() : hold;
      }
    }
  }

  private boolean sideInputsReady(BoundedWindow mainWindow) {
    for (PCollectionView<?> view : spec.sideInputs) {
      if (!sideInputs.isReady(view, view.getWindowMappingFn().getSideInputWindow(mainWindow))) {
        return false;
      }
    }
    return true;
  }

  @Override
  public void processSideInput(int index, WindowedValue<?> value) {
    sideInputs.add(index, value);
    retryPushedBack();
  }

  @Override
  public void processSideInputWatermark(int index, Instant watermark) {
    sideInputs.advanceWatermark(index, watermark);
    retryPushedBack();
  }

  private void retryPushedBack() {
    if (pushedBack.isEmpty()) {
      return;
    }
    List<WindowedValue<InputT>> retry = pushedBack;
    pushedBack = new ArrayList<>();
    hold = BoundedWindow.TIMESTAMP_MAX_VALUE;
    for (WindowedValue<InputT> element : retry) {
      processElement(element);
    }
  }

  @Override
  public void finishBundle() {
    runner.finishBundle();
  }

  @Override
  public void bundleCommitted() {
    BundleFinalizations.runCommitted(finalizer);
  }

  @Override
  public Instant watermarkHold() {
    return hold;
  }

  @Override
  public void close() {
    if (invoker != null) {
      invoker.invokeTeardown();
    }
  }
}
