package io.solstice.translation.api;

import java.io.IOException;
import java.io.Serializable;

/**
 * Where an {@link ExternalSplitSource} writes: serializable, so that it can travel to the tasks of
 * another system (in this JVM or, where that system's processes reach the job's Ray cluster, in
 * theirs), each of which opens its own writer.
 */
public interface SplitSink extends Serializable {

  Writer open();

  /** One writer's elements, dealt over the source's partitions; not thread-safe. */
  interface Writer extends AutoCloseable {

    /**
     * Writes one element (a whole batch of records, say), blocking while the partition it goes to is
     * full: the job's backpressure reaches the writer here.
     */
    void write(byte[] element) throws IOException, InterruptedException;

    /** Flushes what was written; the element counts as delivered once this returns. */
    @Override
    void close() throws IOException, InterruptedException;
  }
}
