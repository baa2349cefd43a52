package io.solstice.engine.worker;

import java.io.OutputStream;
import java.util.Arrays;

/** The split being filled for one partition: encoded elements laid end to end. */
final class SplitBuffer extends OutputStream {
  private final int initialCapacity;
  private final int retainedCapacity;
  private byte[] bytes;
  private int size;
  private int elements;

  /**
   * @param initialCapacity the array a buffer starts with
   * @param retainedCapacity the largest array it keeps between splits: one that a very large
   *     element grew beyond it is dropped once its split is taken
   */
  SplitBuffer(int initialCapacity, int retainedCapacity) {
    this.initialCapacity = initialCapacity;
    this.retainedCapacity = retainedCapacity;
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

  /**
   * Hands out the finished split's bytes and starts an empty one, keeping the array unless a large
   * element made it larger than splits need (or it is handed out whole).
   */
  byte[] take() {
    byte[] split = size == bytes.length ? bytes : Arrays.copyOf(bytes, size);
    if (split == bytes || bytes.length > retainedCapacity) {
      bytes = new byte[initialCapacity];
    }
    size = 0;
    elements = 0;
    return split;
  }
}
