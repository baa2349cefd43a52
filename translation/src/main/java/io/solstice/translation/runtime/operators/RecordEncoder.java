package io.solstice.translation.runtime.operators;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;

/**
 * Encodes one gathered value as a {@link RecordBuffer} record, {@code key length, key, window
 * length, window, timestamp, value length, value}, into a scratch array it reuses. All three are
 * nested encodings ({@code Coder.encode(value, stream)}), which is how they are decoded.
 */
final class RecordEncoder<K, V> {
  private final Coder<K> keyCoder;
  private final Coder<BoundedWindow> windowCoder;
  private final Coder<V> valueCoder;
  private final Scratch scratch = new Scratch();

  RecordEncoder(Coder<K> keyCoder, Coder<BoundedWindow> windowCoder, Coder<V> valueCoder) {
    this.keyCoder = keyCoder;
    this.windowCoder = windowCoder;
    this.valueCoder = valueCoder;
  }

  /** Encodes the record; its bytes are {@link #bytes()}{@code [0, length)}. Returns the length. */
  int encode(K key, BoundedWindow window, long timestamp, V value) throws IOException {
    scratch.size = 0;
    int keyAt = scratch.reserveLength();
    keyCoder.encode(key, scratch);
    scratch.fillLength(keyAt);
    int windowAt = scratch.reserveLength();
    windowCoder.encode(window, scratch);
    scratch.fillLength(windowAt);
    for (int shift = 56; shift >= 0; shift -= 8) {
      scratch.write((int) (timestamp >>> shift));
    }
    int valueAt = scratch.reserveLength();
    valueCoder.encode(value, scratch);
    scratch.fillLength(valueAt);
    return scratch.size;
  }

  byte[] bytes() {
    return scratch.bytes;
  }

  /** A growable byte array written as a stream, whose length fields are filled in afterwards. */
  private static final class Scratch extends OutputStream {
    byte[] bytes = new byte[256];
    int size;

    @Override
    public void write(int b) {
      ensure(1);
      bytes[size++] = (byte) b;
    }

    @Override
    public void write(byte[] source, int offset, int length) {
      ensure(length);
      System.arraycopy(source, offset, bytes, size, length);
      size += length;
    }

    private void ensure(int more) {
      if (size + more > bytes.length) {
        bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
      }
    }

    int reserveLength() {
      ensure(4);
      size += 4;
      return size - 4;
    }

    /** Writes, at {@code at}, the length of what follows it. */
    void fillLength(int at) {
      int length = size - at - 4;
      bytes[at] = (byte) (length >>> 24);
      bytes[at + 1] = (byte) (length >>> 16);
      bytes[at + 2] = (byte) (length >>> 8);
      bytes[at + 3] = (byte) length;
    }
  }
}
