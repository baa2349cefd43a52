package io.solstice.translation.translators;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.ByteArrayCoder;
import org.apache.beam.sdk.io.BoundedSource;
import org.apache.beam.sdk.util.SerializableUtils;

/**
 * Carries bounded-source shards from the driver to the workers by Java serialization. Shards are
 * never grouped or compared, so unlike SerializableCoder it need not warn about equality.
 */
final class SourceShardCoder extends AtomicCoder<BoundedSource<?>> {
  static final SourceShardCoder INSTANCE = new SourceShardCoder();

  @Override
  public void encode(BoundedSource<?> shard, OutputStream out) throws IOException {
    ByteArrayCoder.of().encode(SerializableUtils.serializeToByteArray(shard), out);
  }

  @Override
  public BoundedSource<?> decode(InputStream in) throws IOException {
    return (BoundedSource<?>)
        SerializableUtils.deserializeFromByteArray(ByteArrayCoder.of().decode(in), "source shard");
  }
}
