package io.solstice.engine.queue;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/** Reads the partitions assigned to it, in offset order per partition. */
public interface QueueConsumer extends AutoCloseable {

  /** Reads these partitions from the group's committed offsets (the start if none). */
  void assign(Collection<TopicPartition> partitions);

  /**
   * Returns up to {@code maxRecords} messages, waiting at most {@code timeoutMillis} for the first.
   */
  List<QueueRecord> poll(long timeoutMillis, int maxRecords) throws InterruptedException;

  /**
   * Messages on the assigned partitions that this consumer has not returned yet, as far as it
   * knows without asking the queue (Kafka: from its last fetch); call it from the polling thread.
   */
  long backlog();

  /** Commits, per partition, the offset of the next message to read. */
  void commit(Map<TopicPartition, Long> nextOffsets);

  @Override
  void close();
}
