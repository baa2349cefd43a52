package io.solstice.engine.queue;

/** Appends messages to topic partitions. */
public interface QueueProducer extends AutoCloseable {

  /**
   * Appends a message. Blocks while the partition holds as many uncommitted messages as the
   * transport allows (backpressure); throws {@link InterruptedException} if the thread is
   * interrupted while waiting.
   */
  void send(TopicPartition partition, SplitMessage message) throws InterruptedException;

  /** Returns once every message sent so far is durable on the queue. */
  void flush() throws InterruptedException;

  @Override
  void close();
}
