package io.solstice.translation.runtime.operators;

import io.solstice.translation.runtime.Operator;
import io.solstice.translation.runtime.OperatorContext;
import io.solstice.translation.runtime.OperatorSpec;
import java.util.Collection;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.WindowFn;
import org.apache.beam.sdk.util.WindowedValueMultiReceiver;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.WindowedValue;
import org.apache.beam.sdk.values.WindowedValues;
import org.joda.time.Instant;

/** Window.assign: gives each element the windows its WindowFn assigns. */
public final class AssignWindowsSpec<T, W extends BoundedWindow> implements OperatorSpec {
  private static final long serialVersionUID = 1L;

  private final WindowFn<T, W> windowFn;
  private final TupleTag<T> output;

  public AssignWindowsSpec(WindowFn<T, W> windowFn, TupleTag<T> output) {
    this.windowFn = windowFn;
    this.output = output;
  }

  @Override
  public Operator create() {
    return new Operator() {
      private WindowedValueMultiReceiver receiver;

      @Override
      public void open(OperatorContext context) {
        receiver = context.output();
      }

      @Override
      @SuppressWarnings("unchecked")
      public void processElement(WindowedValue<?> element) throws Exception {
        for (WindowedValue<?> single : element.explodeWindows()) {
          WindowedValue<T> value = (WindowedValue<T>) single;
          BoundedWindow window = value.getWindows().iterator().next();
          Collection<W> windows = windowFn.assignWindows(new Context(value, window));
          receiver.output(
              output,
              WindowedValues.of(value.getValue(), value.getTimestamp(), windows, value.getPaneInfo()));
        }
      }
    };
  }

  private final class Context extends WindowFn<T, W>.AssignContext {
    private final WindowedValue<T> value;
    private final BoundedWindow window;

    Context(WindowedValue<T> value, BoundedWindow window) {
      windowFn.super();
      this.value = value;
      this.window = window;
    }

    @Override
    public T element() {
      return value.getValue();
    }

    @Override
    public Instant timestamp() {
      return value.getTimestamp();
    }

    @Override
    public BoundedWindow window() {
      return window;
    }
  }
}
