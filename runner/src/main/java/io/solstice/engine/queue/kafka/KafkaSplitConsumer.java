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
import org.apache.kafka.common.errors.RetriableException;

/**
 * One worker's reader: assigned its partitions by the engine (no group rebalancing), it resumes at
 * its group's committed offsets and commits its own. Commits are asynchronous: they release
 * backpressure credit to the producers. A commit the broker refuses for a passing reason (a busy or
 * moving group coordinator, a timeout) is sent again with the next poll or commit, for up to 30
 * seconds; any other refusal, or one that lasts longer, fails the next poll or commit.
 */
final class KafkaSplitConsumer implements QueueConsumer {
  /** Retriable refusals for longer than this mean the broker is lost, not busy. */
  private static final long RETRY_LIMIT_MILLIS = 6L * KafkaSettings.REQUEST_TIMEOUT_MILLIS;

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final Deque<QueueRecord> fetched = new ArrayDeque<>();
  private final String bootstrap;
  private final AtomicReference<Exception> commitFailure = new AtomicReference<>();
  /** Offsets whose commit failed for a retriable reason; sent again with the next call. */
  private Map<org.apache.kafka.common.TopicPartition, OffsetAndMetadata> toRetry = new HashMap<>();
  /** The newest offset sent for commit per partition: an older one failing needs no retry. */
  private final Map<org.apache.kafka.common.TopicPartition, Long> newestSent = new HashMap<>();
  /** When commits started failing retriably without a success since; 0 when they are not. */
  private long failingSinceMillis;

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
    if (!toRetry.isEmpty()) {
      commitAsync(new HashMap<>());
    }
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
  public long backlog() {
    long behind = fetched.size();
    for (org.apache.kafka.common.TopicPartition tp : consumer.assignment()) {
      behind += consumer.currentLag(tp).orElse(0);
    }
    return behind;
  }

  @Override
  public void commit(Map<TopicPartition, Long> nextOffsets) {
    Map<org.apache.kafka.common.TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    nextOffsets.forEach(
        (tp, offset) ->
            offsets.put(new org.apache.kafka.common.TopicPartition(tp.topic(), tp.partition()), new OffsetAndMetadata(offset)));
    rethrowCommitFailure();
    commitAsync(offsets);
  }

  /** Commits {@code offsets} and any offsets waiting to be retried (their callbacks run in polls). */
  private void commitAsync(Map<org.apache.kafka.common.TopicPartition, OffsetAndMetadata> offsets) {
    toRetry.forEach(offsets::putIfAbsent);
    toRetry = new HashMap<>();
    offsets.forEach((tp, offset) -> newestSent.merge(tp, offset.offset(), Math::max));
    consumer.commitAsync(
        offsets,
        (committed, error) -> {
          if (error == null) {
            failingSinceMillis = 0;
          } else if (error instanceof RetriableException || error.getCause() instanceof RetriableException) {
            retryLater(committed, error);
          } else {
            commitFailure.compareAndSet(null, error);
          }
        });
  }

  private void retryLater(Map<org.apache.kafka.common.TopicPartition, OffsetAndMetadata> offsets, Exception error) {
    long now = System.currentTimeMillis();
    if (failingSinceMillis == 0) {
      failingSinceMillis = now;
    } else if (now - failingSinceMillis > RETRY_LIMIT_MILLIS) {
      commitFailure.compareAndSet(null, error);
      return;
    }
    offsets.forEach(
        (tp, offset) -> {
          if (offset.offset() >= newestSent.getOrDefault(tp, Long.MIN_VALUE)) {
            toRetry.merge(tp, offset, (a, b) -> a.offset() >= b.offset() ? a : b);
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
