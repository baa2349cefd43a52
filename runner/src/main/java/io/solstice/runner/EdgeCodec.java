package io.solstice.runner;

import io.solstice.engine.operator.KeyGroups;
import io.solstice.engine.operator.Split;
import io.solstice.engine.operator.SplitWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.util.CoderUtils;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.WindowedValue;

/**
 * Encodes Beam elements into an edge's splits and decodes them back. A keyed edge also computes
 * each element's key group from the encoded key, which decides the partition it goes to.
 */
final class EdgeCodec implements Serializable {
  private static final long serialVersionUID = 1L;

  private final Coder<WindowedValue<?>> coder;
  private final Coder<Object> keyCoder;
  private final int maxKeyGroups;
  /** Null unless the edge's keys are random and may be replaced. */
  private final RandomKeyDealer dealer;
  private transient KeyBuffer keyBuffer;

  EdgeCodec(Coder<?> windowedCoder, Coder<?> keyCoder, int maxKeyGroups) {
    this(windowedCoder, keyCoder, maxKeyGroups, null);
  }

  @SuppressWarnings("unchecked")
  private EdgeCodec(Coder<?> windowedCoder, Coder<?> keyCoder, int maxKeyGroups, RandomKeyDealer dealer) {
    this.coder = (Coder<WindowedValue<?>>) windowedCoder;
    this.keyCoder = (Coder<Object>) keyCoder;
    this.maxKeyGroups = maxKeyGroups;
    this.dealer = dealer;
  }

  /**
   * For a keyed edge whose keys are random and unique: each element gets a new random key whose key
   * group deals the elements evenly over the edge's {@code partitions} (see {@link RandomKeyDealer}).
   */
  static EdgeCodec dealingRandomKeys(Coder<?> windowedCoder, Coder<?> keyCoder, int maxKeyGroups, int partitions) {
    return new EdgeCodec(windowedCoder, keyCoder, maxKeyGroups, new RandomKeyDealer(maxKeyGroups, partitions));
  }

  void write(WindowedValue<?> value, SplitWriter writer) throws IOException {
    int keyGroup = -1;
    if (keyCoder != null) {
      if (dealer != null) {
        value = dealer.deal(value, this::keyGroupOf);
      }
      keyGroup = keyGroupOf(((KV<?, ?>) value.getValue()).getKey());
    }
    coder.encode(value, writer.beginElement(keyGroup));
    writer.endElement();
  }

  private int keyGroupOf(Object key) throws IOException {
    if (keyBuffer == null) {
      keyBuffer = new KeyBuffer();
    }
    keyBuffer.reset();
    keyCoder.encode(key, keyBuffer);
    return KeyGroups.keyGroupOf(keyBuffer.bytes(), keyBuffer.size(), maxKeyGroups);
  }

  /** Receives decoded elements. */
  interface ElementSink {
    void accept(WindowedValue<?> value) throws Exception;
  }

  void read(Split split, ElementSink sink) throws Exception {
    InputStream in = split.stream();
    for (int i = 0; i < split.elementCount(); i++) {
      sink.accept(coder.decode(in));
    }
  }

  /** A reusable buffer for encoding keys, to hash them without allocating. */
  private static final class KeyBuffer extends ByteArrayOutputStream {
    byte[] bytes() {
      return buf;
    }
  }

  byte[] encodeOne(WindowedValue<?> value) throws IOException {
    return CoderUtils.encodeToByteArray(coder, value, Coder.Context.NESTED);
  }
}
