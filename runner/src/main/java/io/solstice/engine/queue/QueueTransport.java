package io.solstice.engine.queue;

/**
 * A partitioned, offset-addressed log with consumer-group commits: Kafka's model. One topic per
 * edge, read by one consumer group (its consumer stage). Implementations: {@link
 * io.solstice.engine.host.HostedQueueTransport} (partitions held by the executors: the default)
 * and {@code KafkaQueueTransport}.
 */
public interface QueueTransport extends AutoCloseable {

  /**
   * Creates a topic read by {@code readerGroup}; producers wait while a partition holds too many
   * messages that group has not committed.
   */
  void createTopic(String topic, int partitions, String readerGroup);

  /**
   * Uses a topic that the job's driver created, read by {@code readerGroup}: producers here then
   * wait while its partitions are full.
   */
  default void attachTopic(String topic, String readerGroup) {}

  /** Deletes the topics (all in one go, so a dead broker costs one timeout, not one per topic). */
  void deleteTopics(java.util.Collection<String> topics);

  /** A producer for one thread. */
  QueueProducer createProducer();

  /** A consumer for one thread, committing offsets under {@code group}. */
  QueueConsumer createConsumer(String group);

  /**
   * Throws if the transport cannot serve the job any more (an unreachable broker), with a message
   * that names the problem.
   */
  default void checkHealth() {}

  @Override
  void close();
}
