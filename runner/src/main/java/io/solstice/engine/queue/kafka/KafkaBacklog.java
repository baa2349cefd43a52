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
 * The partition's end offset is estimated in this process, without asking the broker: the highest
 * offset the broker acknowledged to this process's producers, plus what they have in flight.
 * Producers in other processes (the other executors of a cluster-mode job) show up in the
 * acknowledged offsets, so the estimate lags by at most their messages in flight. Committed offsets
 * are read from the broker only when the last ones read leave the partition at capacity, at most
 * every {@value #REFRESH_MILLIS} ms per group. Committed offsets only grow, so an old reading
 * overstates the backlog, never understates it.
 */
final class KafkaBacklog {
  private static final long REFRESH_MILLIS = 20;

  private final Admin admin;
  private final Map<String, String> readerGroups = new ConcurrentHashMap<>();
  private final Map<TopicPartition, EndOffset> ends = new ConcurrentHashMap<>();
  private final Map<String, Snapshot> committed = new ConcurrentHashMap<>();

  private static final class Snapshot {
    final long takenAt;
    final Map<TopicPartition, OffsetAndMetadata> offsets;

    Snapshot(long takenAt, Map<TopicPartition, OffsetAndMetadata> offsets) {
      this.takenAt = takenAt;
      this.offsets = offsets;
    }
  }

  /** What this process knows of a partition's end: acknowledged offsets and sends in flight. */
  private static final class EndOffset {
    final AtomicLong acknowledged = new AtomicLong();
    final AtomicLong inFlight = new AtomicLong();

    long estimate() {
      return acknowledged.get() + inFlight.get();
    }
  }

  KafkaBacklog(Admin admin) {
    this.admin = admin;
  }

  void registerTopic(String topic, String readerGroup) {
    readerGroups.put(topic, readerGroup);
  }

  void sent(TopicPartition partition) {
    ends.computeIfAbsent(partition, p -> new EndOffset()).inFlight.incrementAndGet();
  }

  /** The broker answered a send: {@code offset} is the message's offset, or -1 if it failed. */
  void answered(TopicPartition partition, long offset) {
    EndOffset end = ends.get(partition);
    if (end != null) {
      end.inFlight.decrementAndGet();
      end.acknowledged.accumulateAndGet(offset + 1, Math::max);
    }
  }

  /** Whether the partition holds {@code capacity} messages its reader group has not committed. */
  boolean isFull(TopicPartition partition, long capacity) throws InterruptedException {
    EndOffset end = ends.get(partition);
    String group = readerGroups.get(partition.topic());
    if (end == null || group == null) {
      return false;
    }
    Snapshot last = committed.get(group);
    if (last != null && end.estimate() - offset(last, partition) < capacity) {
      return false;
    }
    return end.estimate() - offset(refresh(group, last), partition) >= capacity;
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
