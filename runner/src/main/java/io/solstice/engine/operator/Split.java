package io.solstice.engine.operator;

import java.io.ByteArrayInputStream;
import java.io.InputStream;

/** A batch of elements read from an edge: {@code elementCount} encodings laid end to end. */
public final class Split {
  private final byte[] data;
  private final int elementCount;

  public Split(byte[] data, int elementCount) {
    this.data = data;
    this.elementCount = elementCount;
  }

  public byte[] data() {
    return data;
  }

  public int elementCount() {
    return elementCount;
  }

  public InputStream stream() {
    return new ByteArrayInputStream(data);
  }
}
