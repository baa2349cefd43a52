package io.solstice.engine.worker;

import io.solstice.engine.control.PartitionOwnership;
import io.solstice.engine.control.StageLaunch;
import io.solstice.engine.graph.EdgeSpec;
import io.solstice.engine.queue.QueueConsumer;
import io.solstice.engine.queue.QueueRecord;
import io.solstice.engine.queue.SplitMessage;
import io.solstice.engine.queue.TopicNames;
import io.solstice.engine.queue.TopicPartition;
import java.util.ArrayList;
import java.util.BitSet;
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
  private final int[] initialProducers;
  private final String[] topics;
  /** [input][slot] -> the partition number. */
  private final int[][] slotPartitions;
  private final Map<TopicPartition, Long> commits = new HashMap<>();
  // Of the driver's seeds only (seeded inputs): which were read, kept by checkpoints; one read
  // before a restored checkpoint is passed over.
  private final SeedLedger seeds = new SeedLedger();
  private final Map<TopicPartition, Integer> seededInput = new HashMap<>();
  private final int[] partitions;
  private final List<QueueRecord> released = new ArrayList<>();

  InputChannels(StageLaunch launch, int index, QueueConsumer consumer) {
    this.consumer = consumer;
    int inputs = launch.inputs().size();
    this.owned = new int[inputs];
    this.producers = new int[inputs];
    this.initialProducers = new int[inputs];
    this.partitions = new int[inputs];
    this.topics = new String[inputs];
    this.slotPartitions = new int[inputs][];
    int parallelism = launch.stage().parallelism();
    for (int input = 0; input < inputs; input++) {
      EdgeSpec edge = launch.inputs().get(input);
      String topic = TopicNames.topic(launch.jobId(), edge);
      topics[input] = topic;
      partitions[input] = edge.partitions();
      List<Integer> mine = new ArrayList<>();
      for (int p = 0; p < edge.partitions(); p++) {
        if (PartitionOwnership.reader(p, parallelism) != index) {
          continue;
        }
        TopicPartition partition = new TopicPartition(topic, p);
        sources.put(partition, new Source(input, owned[input]++));
        mine.add(p);
        if (edge.isSeeded()) {
          seededInput.put(partition, input);
        }
      }
      slotPartitions[input] = mine.stream().mapToInt(Integer::intValue).toArray();
      producers[input] = launch.inputMaxProducerCounts().get(input);
      initialProducers[input] = launch.inputProducerCounts().get(input);
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

  /** Per input, the most producers that can write each of its partitions (channels per partition). */
  int[] producersPerPartition() {
    return producers.clone();
  }

  /** Per input, how many producers wrote each of its partitions when the job started. */
  int[] initialProducers() {
    return initialProducers.clone();
  }

  /** The partition number of slot {@code slot} of input {@code input}. */
  int partition(int input, int slot) {
    return slotPartitions[input][slot];
  }

  /** The slot of input {@code input}'s partition {@code partition}, or -1 if this worker does not read it. */
  int slot(int input, int partition) {
    Source source = sources.get(new TopicPartition(topics[input], partition));
    return source == null ? -1 : source.slot;
  }

  /** A record of this worker's input {@code input} and partition {@code partition}, as read. */
  QueueRecord record(int input, int partition, long offset, SplitMessage message) {
    return new QueueRecord(new TopicPartition(topics[input], partition), offset, message);
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
    if (isSeed(record)) {
      seeds.markRead(seededInput.get(record.partition()), seedIndex(record));
    }
  }

  /** Per seeded input, the seeds read so far (by index in their edge): a checkpoint's. */
  Map<Integer, BitSet> seedsRead() {
    return seeds.snapshot();
  }

  /**
   * Restoring from a checkpoint: the driver seeds again, and the seeds {@code read} before it (per
   * input, by index) are passed over.
   */
  void restoredSeeds(Map<Integer, BitSet> read) {
    seeds.addAll(read);
  }

  private int seedIndex(QueueRecord record) {
    int input = seededInput.get(record.partition());
    return SeedLedger.index(record.offset(), record.partition().partition(), partitions[input]);
  }

  /** Whether the record is one of the driver's seeds (a bounded source's shard, say). */
  boolean isSeed(QueueRecord record) {
    return seededInput.containsKey(record.partition()) && record.message().kind() == SplitMessage.Kind.DATA;
  }

  /** Whether the record is a seed processed before the checkpoint this worker restored from. */
  boolean replayed(QueueRecord record) {
    return isSeed(record) && seeds.isRead(seededInput.get(record.partition()), seedIndex(record));
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
