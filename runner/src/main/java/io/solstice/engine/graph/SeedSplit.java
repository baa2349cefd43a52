package io.solstice.engine.graph;

import java.io.Serializable;

/** Elements the job driver writes onto a seeded edge before the stages start. */
public final class SeedSplit implements Serializable {
  private static final long serialVersionUID = 1L;

  private final byte[] data;
  private final int elementCount;

  public SeedSplit(byte[] data, int elementCount) {
    this.data = data;
    this.elementCount = elementCount;
  }

  public byte[] data() {
    return data;
  }

  public int elementCount() {
    return elementCount;
  }
}
