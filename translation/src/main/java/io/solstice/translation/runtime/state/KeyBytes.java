package io.solstice.translation.runtime.state;

import java.util.Arrays;
import java.util.Comparator;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderException;
import org.apache.beam.sdk.util.CoderUtils;

/**
 * A key with its encoding. Beam groups by encoded key, so equality and hashing use the bytes; the
 * decoded key is kept for the user code that sees it.
 */
public final class KeyBytes {
  /** Orders keys by their encoding, so snapshots list keys in the same order every time. */
  public static final Comparator<KeyBytes> ORDER = (a, b) -> Arrays.compareUnsigned(a.bytes, b.bytes);

  private final byte[] bytes;
  private final Object key;
  private final int hash;

  private KeyBytes(byte[] bytes, Object key) {
    this.bytes = bytes;
    this.key = key;
    this.hash = Arrays.hashCode(bytes);
  }

  public static <K> KeyBytes of(Coder<K> coder, K key) {
    try {
      // Nested, as keyed edges encode keys to pick their key group.
      return new KeyBytes(CoderUtils.encodeToByteArray(coder, key, Coder.Context.NESTED), key);
    } catch (CoderException e) {
      throw new IllegalArgumentException("Cannot encode key " + key + " with " + coder, e);
    }
  }

  /** The key of a nested encoding, as a snapshot keeps it. */
  public static KeyBytes decode(Coder<?> coder, byte[] bytes) {
    try {
      return new KeyBytes(bytes, CoderUtils.decodeFromByteArray(coder, bytes, Coder.Context.NESTED));
    } catch (CoderException e) {
      throw new IllegalArgumentException("Cannot decode a key with " + coder, e);
    }
  }

  public byte[] bytes() {
    return bytes;
  }

  public Object key() {
    return key;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof KeyBytes && Arrays.equals(bytes, ((KeyBytes) o).bytes);
  }

  @Override
  public int hashCode() {
    return hash;
  }

  @Override
  public String toString() {
    return String.valueOf(key);
  }
}
