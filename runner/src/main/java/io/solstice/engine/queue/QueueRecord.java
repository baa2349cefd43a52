package io.solstice.engine.queue;

/** A message read from a queue, with where it was read. */
public final class QueueRecord {
  private final TopicPartition partition;
  private final long offset;
  private final SplitMessage message;

  public QueueRecord(TopicPartition partition, long offset, SplitMessage message) {
    this.partition = partition;
    this.offset = offset;
    this.message = message;
  }

  public TopicPartition partition() {
    return partition;
  }

  public long offset() {
    return offset;
  }

  public SplitMessage message() {
    return message;
  }
}
