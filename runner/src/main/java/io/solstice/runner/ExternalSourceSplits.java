package io.solstice.runner;

import io.solstice.engine.graph.ExternalSplits;
import io.solstice.engine.graph.SplitChannel;
import io.solstice.translation.api.ExternalSplitSource;
import io.solstice.translation.api.SplitSink;
import java.io.IOException;
import org.apache.beam.sdk.values.WindowedValues;

/**
 * Joins an {@link ExternalSplitSource} to the engine: each byte array it writes becomes one element
 * of its edge, in the global window, and travels as one split.
 */
final class ExternalSourceSplits implements ExternalSplits {
  private final ExternalSplitSource source;
  private final EdgeCodec codec;

  ExternalSourceSplits(ExternalSplitSource source, EdgeCodec codec) {
    this.source = source;
    this.codec = codec;
  }

  @Override
  public void produce(SplitChannel channel) throws Exception {
    source.produce(new EncodingSink(channel, codec));
  }

  /** Serializable, for the outside system's tasks. */
  private static final class EncodingSink implements SplitSink {
    private static final long serialVersionUID = 1L;

    private final SplitChannel channel;
    private final EdgeCodec codec;

    EncodingSink(SplitChannel channel, EdgeCodec codec) {
      this.channel = channel;
      this.codec = codec;
    }

    @Override
    public Writer open() {
      SplitChannel.Writer writer = channel.open();
      return new Writer() {
        @Override
        public void write(byte[] element) throws IOException, InterruptedException {
          writer.write(codec.encodeOne(WindowedValues.valueInGlobalWindow(element)), 1);
        }

        @Override
        public void close() throws InterruptedException {
          writer.close();
        }
      };
    }
  }
}
