package io.solstice.translation.runtime.operators;

import io.solstice.translation.runtime.Operator;
import io.solstice.translation.runtime.OperatorContext;
import io.solstice.translation.runtime.OperatorSpec;
import org.apache.beam.sdk.util.WindowedValueMultiReceiver;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.WindowedValue;

/**
 * Forwards every element unchanged: Flatten, Impulse, and the heads of shuffles and side-input
 * materializations, whose real work is where the stage boundary puts the data.
 */
public final class PassThroughSpec implements OperatorSpec {
  private static final long serialVersionUID = 1L;

  private final TupleTag<?> output;

  public PassThroughSpec(TupleTag<?> output) {
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
      public void processElement(WindowedValue<?> element) {
        receiver.output((TupleTag<Object>) output, (WindowedValue<Object>) element);
      }
    };
  }
}
