package io.solstice.engine.queue.kafka;

import io.solstice.engine.queue.QueueProducer;
import io.solstice.engine.queue.SplitMessage;
import io.solstice.engine.queue.TopicPartition;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Sends split messages to their topic partitions. Sends are asynchronous; {@link #flush()} waits
 * for every one and reports the first failure, which the worker calls before committing its input.
 */
final class KafkaSplitProducer implements QueueProducer {
  private static final long BACKPRESSURE_POLL_MILLIS = 20;

  private final KafkaProducer<byte[], byte[]> producer;
  private final KafkaBacklog backlog;
  private final int capacity;
  private final String bootstrap;
  private final AtomicReference<Exception> failure = new AtomicReference<>();

  KafkaSplitProducer(String bootstrap, KafkaBacklog backlog, int capacity) {
    this.producer = new KafkaProducer<>(KafkaSettings.producer(bootstrap));
    this.backlog = backlog;
    this.capacity = capacity;
    this.bootstrap = bootstrap;
  }

  @Override
  public void send(TopicPartition partition, SplitMessage message) throws InterruptedException {
    rethrowFailure();
    org.apache.kafka.common.TopicPartition tp =
        new org.apache.kafka.common.TopicPartition(partition.topic(), partition.partition());
    while (backlog.isFull(tp, capacity)) {
      rethrowFailure();
      Thread.sleep(BACKPRESSURE_POLL_MILLIS);
    }
    backlog.sent(tp);
    producer.send(
        new ProducerRecord<>(partition.topic(), partition.partition(), message.header(), message.inlineData()),
        (metadata, error) -> {
          backlog.answered(tp, error == null ? metadata.offset() : -1);
          if (error != null) {
            failure.compareAndSet(null, error);
          }
        });
  }

  @Override
  public void flush() {
    producer.flush();
    rethrowFailure();
  }

  private void rethrowFailure() {
    Exception error = failure.get();
    if (error != null) {
      throw new IllegalStateException(
          "The Kafka broker at " + bootstrap + " did not accept a split: " + error.getMessage(), error);
    }
  }

  @Override
  public void close() {
    producer.close(java.time.Duration.ofSeconds(5));
  }
}
