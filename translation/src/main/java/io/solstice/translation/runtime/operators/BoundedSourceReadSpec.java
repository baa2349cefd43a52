package io.solstice.translation.runtime.operators;

import io.solstice.translation.runtime.Operator;
import io.solstice.translation.runtime.OperatorContext;
import io.solstice.translation.runtime.OperatorSpec;
import org.apache.beam.sdk.io.BoundedSource;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.util.WindowedValueMultiReceiver;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.WindowedValue;
import org.apache.beam.sdk.values.WindowedValues;

/** Reads whole bounded-source shards; each input element is one shard. */
public final class BoundedSourceReadSpec<T> implements OperatorSpec {
  private static final long serialVersionUID = 1L;

  private final TupleTag<T> output;

  public BoundedSourceReadSpec(TupleTag<T> output) {
    this.output = output;
  }

  @Override
  public Operator create() {
    return new Operator() {
      private WindowedValueMultiReceiver receiver;
      private PipelineOptions options;

      @Override
      public void open(OperatorContext context) {
        receiver = context.output();
        options = context.options();
      }

      @Override
      @SuppressWarnings("unchecked")
      public void processElement(WindowedValue<?> shard) throws Exception {
        BoundedSource<T> source = (BoundedSource<T>) shard.getValue();
        try (BoundedSource.BoundedReader<T> reader = source.createReader(options)) {
          for (boolean more = reader.start(); more; more = reader.advance()) {
            receiver.output(
                output,
                WindowedValues.timestampedValueInGlobalWindow(
                    reader.getCurrent(), reader.getCurrentTimestamp()));
          }
        }
      }
    };
  }
}
