package io.solstice.engine.graph;

import java.io.Serializable;

/**
 * Where an outside system writes a source edge's splits: serializable, so that it can travel to that
 * system's tasks, each of which opens its own writer. It reaches the job's executors through Ray,
 * so it works in any thread of a process connected to the job's Ray session.
 */
public interface SplitChannel extends Serializable {

  Writer open();

  /** One writer's splits, dealt round-robin over the edge's partitions; not thread-safe. */
  interface Writer extends AutoCloseable {

    /** Writes one split of {@code elementCount} encoded elements, blocking while its partition is full. */
    void write(byte[] data, int elementCount) throws InterruptedException;

    /** Everything written is on the queue once this returns. */
    @Override
    void close() throws InterruptedException;
  }
}
