package io.solstice.translation.runtime.operators;

import io.solstice.translation.api.ElementDecoder;
import io.solstice.translation.runtime.Operator;
import io.solstice.translation.runtime.OperatorContext;
import io.solstice.translation.runtime.OperatorSpec;
import org.apache.beam.sdk.util.WindowedValueMultiReceiver;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.WindowedValue;

/**
 * The head of an outside system's source: decodes each byte array it wrote into output elements,
 * which keep its timestamp and window.
 */
public final class DecodingSourceSpec implements OperatorSpec {
  private static final long serialVersionUID = 1L;

  private final TupleTag<?> output;
  private final ElementDecoder<?> decoder;

  public DecodingSourceSpec(TupleTag<?> output, ElementDecoder<?> decoder) {
    this.output = output;
    this.decoder = decoder;
  }

  @Override
  public Operator create() {
    return new DecodingOperator<>(output, decoder);
  }

  private static final class DecodingOperator<T> implements Operator {
    private final TupleTag<T> output;
    private final ElementDecoder<T> decoder;
    private WindowedValueMultiReceiver receiver;

    @SuppressWarnings("unchecked")
    DecodingOperator(TupleTag<?> output, ElementDecoder<?> decoder) {
      this.output = (TupleTag<T>) output;
      this.decoder = (ElementDecoder<T>) decoder;
    }

    @Override
    public void open(OperatorContext context) throws Exception {
      receiver = context.output();
      decoder.open();
    }

    @Override
    public void processElement(WindowedValue<?> element) throws Exception {
      decoder.decode((byte[]) element.getValue(), value -> receiver.output(output, element.withValue(value)));
    }

    @Override
    public void close() throws Exception {
      decoder.close();
    }
  }
}
