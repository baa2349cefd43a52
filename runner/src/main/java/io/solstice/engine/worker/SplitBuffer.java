package io.solstice.engine.worker;

import java.io.OutputStream;
import java.util.Arrays;

/** The split being filled for one partition: encoded elements laid end to end. */
final class SplitBuffer extends OutputStream {
  private byte[] bytes;
  private int size;
  private int elements;

  SplitBuffer(int initialCapacity) {
    bytes = new byte[initialCapacity];
  }

  @Override
  public void write(int b) {
    ensure(1);
    bytes[size++] = (byte) b;
  }

  @Override
  public void write(byte[] b, int off, int len) {
    ensure(len);
    System.arraycopy(b, off, bytes, size, len);
    size += len;
  }

  private void ensure(int extra) {
    if (size + extra > bytes.length) {
      bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + extra));
    }
  }

  void elementWritten() {
    elements++;
  }

  int size() {
    return size;
  }

  int elements() {
    return elements;
  }

  boolean isEmpty() {
    return elements == 0;
  }

  /** Hands out the finished split's bytes and starts an empty one, keeping the array. */
  byte[] take() {
    byte[] split = Arrays.copyOf(bytes, size);
    size = 0;
    elements = 0;
    return split;
  }
}
