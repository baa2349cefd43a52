package io.solstice.engine.worker;

import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;

/**
 * Which of the driver's seeds a worker's seeded inputs have read, per input, by each seed's index
 * in its edge. The driver deals seed {@code i} to partition {@code i mod partitions} at offset
 * {@code i / partitions} (before any end marker), so a record's index follows from where it was
 * read; kept by index rather than by offset, what was read survives a restore onto another number
 * of partitions and workers.
 */
final class SeedLedger {
  private final Map<Integer, BitSet> read = new HashMap<>();

  /** The index of the seed at {@code offset} of {@code partition}, of {@code partitions}. */
  static int index(long offset, int partition, int partitions) {
    return Math.toIntExact(offset * partitions + partition);
  }

  boolean isRead(int input, int index) {
    BitSet seeds = read.get(input);
    return seeds != null && seeds.get(index);
  }

  void markRead(int input, int index) {
    read.computeIfAbsent(input, i -> new BitSet()).set(index);
  }

  /** Adds what a checkpoint says was read. */
  void addAll(Map<Integer, BitSet> restored) {
    restored.forEach((input, seeds) -> read.computeIfAbsent(input, i -> new BitSet()).or(seeds));
  }

  /** A copy, per input, of the seeds read: what a checkpoint keeps. */
  Map<Integer, BitSet> snapshot() {
    Map<Integer, BitSet> copy = new HashMap<>();
    read.forEach((input, seeds) -> copy.put(input, (BitSet) seeds.clone()));
    return copy;
  }
}
