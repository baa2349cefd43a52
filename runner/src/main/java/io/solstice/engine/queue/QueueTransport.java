package io.solstice.engine.queue;

/**
 * A partitioned, offset-addressed log with consumer-group commits: Kafka's model. One topic per
 * edge. Implementations: {@link InProcessQueueTransport} (the embedded default).
 */
public interface QueueTransport extends AutoCloseable {

  void createTopic(String topic, int partitions);

  void deleteTopic(String topic);

  /** A producer for one thread. */
  QueueProducer createProducer();

  /** A consumer for one thread, committing offsets under {@code group}. */
  QueueConsumer createConsumer(String group);

  @Override
  void close();
}
