package io.solstice.engine.queue.kafka;

import io.solstice.engine.queue.QueueConsumer;
import io.solstice.engine.queue.QueueRecord;
import io.solstice.engine.queue.SplitMessage;
import io.solstice.engine.queue.TopicPartition;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.errors.InterruptException;

/**
 * One worker's reader: assigned its partitions by the engine (no group rebalancing), it resumes at
 * its group's committed offsets and commits its own. Commits are asynchronous: they release
 * backpressure credit to the producers, and a failed one fails the next poll or commit.
 */
final class KafkaSplitConsumer implements QueueConsumer {
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final Deque<QueueRecord> fetched = new ArrayDeque<>();
  private final String bootstrap;
  private final AtomicReference<Exception> commitFailure = new AtomicReference<>();

  KafkaSplitConsumer(String bootstrap, String group, int maxRecords) {
    this.consumer = new KafkaConsumer<>(KafkaSettings.consumer(bootstrap, group, maxRecords));
    this.bootstrap = bootstrap;
  }

  @Override
  public void assign(Collection<TopicPartition> partitions) {
    List<org.apache.kafka.common.TopicPartition> assigned = new ArrayList<>();
    for (TopicPartition tp : partitions) {
      assigned.add(new org.apache.kafka.common.TopicPartition(tp.topic(), tp.partition()));
    }
    consumer.assign(assigned);
    fetched.clear();
  }

  @Override
  public List<QueueRecord> poll(long timeoutMillis, int maxRecords) throws InterruptedException {
    rethrowCommitFailure();
    if (fetched.isEmpty()) {
      try {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(timeoutMillis))) {
          fetched.add(
              new QueueRecord(
                  new TopicPartition(record.topic(), record.partition()),
                  record.offset(),
                  SplitMessage.fromWire(record.key(), record.value())));
        }
      } catch (InterruptException e) {
        throw new InterruptedException("Interrupted while polling Kafka");
      }
    }
    List<QueueRecord> records = new ArrayList<>();
    while (!fetched.isEmpty() && records.size() < maxRecords) {
      records.add(fetched.poll());
    }
    return records;
  }

  @Override
  public void commit(Map<TopicPartition, Long> nextOffsets) {
    Map<org.apache.kafka.common.TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    nextOffsets.forEach(
        (tp, offset) ->
            offsets.put(new org.apache.kafka.common.TopicPartition(tp.topic(), tp.partition()), new OffsetAndMetadata(offset)));
    rethrowCommitFailure();
    consumer.commitAsync(
        offsets,
        (committed, error) -> {
          if (error != null) {
            commitFailure.compareAndSet(null, error);
          }
        });
  }

  private void rethrowCommitFailure() {
    Exception error = commitFailure.get();
    if (error != null) {
      throw new IllegalStateException(
          "The Kafka broker at " + bootstrap + " did not accept a consumer offset commit: " + error.getMessage(), error);
    }
  }

  @Override
  public void close() {
    consumer.close(Duration.ofSeconds(5));
  }
}
