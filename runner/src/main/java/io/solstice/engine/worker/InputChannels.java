package io.solstice.engine.worker;

import io.solstice.engine.control.StageLaunch;
import io.solstice.engine.graph.EdgeSpec;
import io.solstice.engine.queue.QueueConsumer;
import io.solstice.engine.queue.QueueRecord;
import io.solstice.engine.queue.SplitMessage;
import io.solstice.engine.queue.TopicNames;
import io.solstice.engine.queue.TopicPartition;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A worker's inputs: the partitions it reads of each input edge (partition p of an edge goes to
 * worker p mod parallelism), what it read and has yet to commit, and the records a checkpoint
 * alignment held back, which come first once released.
 */
final class InputChannels {

  /** Where a record comes from: which input of the operator, which of its owned partitions. */
  static final class Source {
    final int input;
    final int slot;

    Source(int input, int slot) {
      this.input = input;
      this.slot = slot;
    }
  }

  private final QueueConsumer consumer;
  private final Map<TopicPartition, Source> sources = new HashMap<>();
  private final int[] owned;
  private final int[] producers;
  private final Map<TopicPartition, Long> commits = new HashMap<>();
  // Of the driver's seeds only (seeded inputs): the offset after the last record read, which a
  // checkpoint keeps, and below which records were processed before a restored checkpoint.
  private final Map<TopicPartition, Long> seedsRead = new HashMap<>();
  private final Map<TopicPartition, Long> replayedBelow = new HashMap<>();
  private final Map<TopicPartition, Integer> seededInput = new HashMap<>();
  private final List<QueueRecord> released = new ArrayList<>();

  InputChannels(StageLaunch launch, int index, QueueConsumer consumer) {
    this.consumer = consumer;
    int inputs = launch.inputs().size();
    this.owned = new int[inputs];
    this.producers = new int[inputs];
    int parallelism = launch.stage().parallelism();
    for (int input = 0; input < inputs; input++) {
      EdgeSpec edge = launch.inputs().get(input);
      String topic = TopicNames.topic(launch.jobId(), edge);
      for (int p = index; p < edge.partitions(); p += parallelism) {
        TopicPartition partition = new TopicPartition(topic, p);
        sources.put(partition, new Source(input, owned[input]++));
        if (edge.isSeeded()) {
          seededInput.put(partition, input);
        }
      }
      producers[input] = launch.inputProducerCounts().get(input);
    }
    consumer.assign(sources.keySet());
  }

  int inputs() {
    return owned.length;
  }

  /** Per input, how many of its partitions this worker reads. */
  int[] ownedPartitions() {
    return owned.clone();
  }

  /** Per input, whether the driver seeds it (its channels carry no barriers). */
  boolean[] seededInputs() {
    boolean[] seeded = new boolean[owned.length];
    seededInput.values().forEach(input -> seeded[input] = true);
    return seeded;
  }

  /** Per input, how many producers write each of its partitions. */
  int[] producersPerPartition() {
    return producers.clone();
  }

  Source source(QueueRecord record) {
    return sources.get(record.partition());
  }

  /**
   * The next records: first what an alignment released (in arrival order), else a poll that waits
   * at most {@code timeoutMillis}. Polled records are marked to commit at once, even those an
   * alignment then holds: they wait in this worker's memory, and an uncommitted one would block
   * the producers whose barriers the alignment waits for.
   */
  List<QueueRecord> next(long timeoutMillis, int maxRecords) throws InterruptedException {
    if (!released.isEmpty()) {
      int n = Math.min(released.size(), maxRecords);
      List<QueueRecord> records = new ArrayList<>(released.subList(0, n));
      released.subList(0, n).clear();
      return records;
    }
    List<QueueRecord> records = consumer.poll(timeoutMillis, maxRecords);
    for (QueueRecord record : records) {
      commits.put(record.partition(), record.offset() + 1);
    }
    return records;
  }

  /**
   * The worker handled {@code record}. A seed counts as read only now: a checkpoint may be taken
   * between any two seeds, and one polled but put back (an alignment given up) is not yet read.
   */
  void handled(QueueRecord record) {
    if (seededInput.containsKey(record.partition())) {
      // Never back: seeds passed over after a restore were read before it.
      seedsRead.merge(record.partition(), record.offset() + 1, Math::max);
    }
  }

  /** Per seeded input, per partition, the offset after the last record read: a checkpoint's. */
  Map<Integer, Map<Integer, Long>> seedPositions() {
    Map<Integer, Map<Integer, Long>> positions = new HashMap<>();
    for (Map.Entry<TopicPartition, Long> read : seedsRead.entrySet()) {
      positions
          .computeIfAbsent(seededInput.get(read.getKey()), i -> new HashMap<>())
          .put(read.getKey().partition(), read.getValue());
    }
    return positions;
  }

  /**
   * Restoring from a checkpoint: the driver seeds again, and the records of seeded inputs below
   * {@code positions} (per input, per partition) were processed before it, so they are passed
   * over. With {@code all}, every seed is (the worker had ended by the checkpoint).
   */
  void replayedSeeds(Map<Integer, Map<Integer, Long>> positions, boolean all) {
    for (Map.Entry<TopicPartition, Integer> seeded : seededInput.entrySet()) {
      long below =
          all
              ? Long.MAX_VALUE
              : positions.getOrDefault(seeded.getValue(), Map.of()).getOrDefault(seeded.getKey().partition(), 0L);
      if (below > 0) {
        replayedBelow.put(seeded.getKey(), below);
        seedsRead.put(seeded.getKey(), below);
      }
    }
  }

  /** Whether the record is one of the driver's seeds (a bounded source's shard, say). */
  boolean isSeed(QueueRecord record) {
    return seededInput.containsKey(record.partition()) && record.message().kind() == SplitMessage.Kind.DATA;
  }

  /** Whether the record is a seed processed before the checkpoint this worker restored from. */
  boolean replayed(QueueRecord record) {
    Long below = replayedBelow.get(record.partition());
    return below != null && record.offset() < below;
  }

  /** Puts records back in front of everything not yet processed, in the given order. */
  void requeueFirst(List<QueueRecord> records) {
    released.addAll(0, records);
  }

  /** Where an alignment puts the records it held, to be read before anything newer. */
  List<QueueRecord> releasedRecords() {
    return released;
  }

  /** Messages on this worker's input partitions not read yet, and what an alignment holds. */
  long backlog() {
    return consumer.backlog() + released.size();
  }

  /** Commits what was read so far. */
  void commit() {
    if (!commits.isEmpty()) {
      consumer.commit(commits);
      commits.clear();
    }
  }
}
