package io.solstice.engine.control;

import java.io.Serializable;

/**
 * What a worker has spilled to local disk so far, and the heap of the JVM it runs in as it reported
 * (shared with the other workers of that JVM: all of them in Ray's local mode).
 */
public record MemoryUse(long spilledBytes, long heapUsedBytes, long heapMaxBytes) implements Serializable {
  public static final MemoryUse NONE = new MemoryUse(0, 0, 0);

  /** The heap of this JVM now, with {@code spilledBytes}. */
  public static MemoryUse now(long spilledBytes) {
    Runtime runtime = Runtime.getRuntime();
    return new MemoryUse(spilledBytes, runtime.totalMemory() - runtime.freeMemory(), runtime.maxMemory());
  }
}
