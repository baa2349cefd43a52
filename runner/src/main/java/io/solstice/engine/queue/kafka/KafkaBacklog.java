package io.solstice.engine.queue.kafka;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Backpressure over Kafka: how many messages of a partition its reader group has not committed.
 * Messages sent are counted here, by every producer of the job in this JVM (a job's topics are its
 * own, so the count is the partition's end offset); committed offsets are read from the broker
 * only when the last ones read leave the partition at capacity, at most every {@value
 * #REFRESH_MILLIS} ms per group. Committed offsets only grow, so an old reading overstates the
 * backlog, never understates it.
 */
final class KafkaBacklog {
  private static final long REFRESH_MILLIS = 20;

  private final Admin admin;
  private final Map<String, String> readerGroups = new ConcurrentHashMap<>();
  private final Map<TopicPartition, AtomicLong> sent = new ConcurrentHashMap<>();
  private final Map<String, Snapshot> committed = new ConcurrentHashMap<>();

  private static final class Snapshot {
    final long takenAt;
    final Map<TopicPartition, OffsetAndMetadata> offsets;

    Snapshot(long takenAt, Map<TopicPartition, OffsetAndMetadata> offsets) {
      this.takenAt = takenAt;
      this.offsets = offsets;
    }
  }

  KafkaBacklog(Admin admin) {
    this.admin = admin;
  }

  void registerTopic(String topic, String readerGroup) {
    readerGroups.put(topic, readerGroup);
  }

  void sent(TopicPartition partition) {
    sent.computeIfAbsent(partition, p -> new AtomicLong()).incrementAndGet();
  }

  /** Whether the partition holds {@code capacity} messages its reader group has not committed. */
  boolean isFull(TopicPartition partition, long capacity) throws InterruptedException {
    AtomicLong count = sent.get(partition);
    String group = readerGroups.get(partition.topic());
    if (count == null || group == null) {
      return false;
    }
    Snapshot last = committed.get(group);
    if (last != null && count.get() - offset(last, partition) < capacity) {
      return false;
    }
    return count.get() - offset(refresh(group, last), partition) >= capacity;
  }

  private static long offset(Snapshot snapshot, TopicPartition partition) {
    OffsetAndMetadata offset = snapshot.offsets.get(partition);
    return offset == null ? 0 : offset.offset();
  }

  private Snapshot refresh(String group, Snapshot last) throws InterruptedException {
    long now = System.currentTimeMillis();
    if (last != null && now - last.takenAt < REFRESH_MILLIS) {
      return last;
    }
    try {
      Map<TopicPartition, OffsetAndMetadata> offsets =
          admin
              .listConsumerGroupOffsets(group)
              .partitionsToOffsetAndMetadata()
              .get(KafkaSettings.REQUEST_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
      Snapshot fresh = new Snapshot(now, offsets);
      committed.put(group, fresh);
      return fresh;
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("Could not read the committed offsets of consumer group " + group, e);
    }
  }
}
