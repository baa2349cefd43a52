package io.solstice.engine.worker;

import java.util.Arrays;
import java.util.BitSet;

/**
 * Which producers write each of a worker's input partitions, as upstream pools are rescaled. A
 * rescaled pool's old producers each end their output on a partition with a retirement (or had
 * ended it for good); once all of them have, the partition's next producers take over. They write
 * only after every old one has stopped, so on the partition everything of theirs comes after the
 * old producers' last messages: a record of theirs met while old ones still write (read ahead of
 * a retirement an alignment holds, say) waits for the switch.
 */
final class ProducerGenerations {
  /** [input][slot]: the producers that write the partition now. */
  private final int[][] active;
  /** [input][slot]: the active producers that retired or ended. */
  private final BitSet[][] gone;
  /** [input][slot]: how many producers come next, once one retired; 0 before. */
  private final int[][] next;

  /**
   * @param ownedPartitions per input, how many of its partitions this worker reads
   * @param producers per input, how many producers write each partition now
   */
  ProducerGenerations(int[] ownedPartitions, int[] producers) {
    active = new int[ownedPartitions.length][];
    gone = new BitSet[ownedPartitions.length][];
    next = new int[ownedPartitions.length][];
    for (int input = 0; input < ownedPartitions.length; input++) {
      active[input] = new int[ownedPartitions[input]];
      Arrays.fill(active[input], producers[input]);
      next[input] = new int[ownedPartitions[input]];
      gone[input] = new BitSet[ownedPartitions[input]];
      for (int slot = 0; slot < ownedPartitions[input]; slot++) {
        gone[input][slot] = new BitSet();
      }
    }
  }

  /** How many producers write the partition now. */
  int active(int input, int slot) {
    return active[input][slot];
  }

  /** How many producers come next once the old ones are all gone; 0 if none retired yet. */
  int next(int input, int slot) {
    return next[input][slot];
  }

  /** The active producers that retired or ended. */
  BitSet gone(int input, int slot) {
    return (BitSet) gone[input][slot].clone();
  }

  /** The partition's state as a rescaled pool's old worker handed it over. */
  void set(int input, int slot, int producers, int nextProducers, BitSet goneProducers) {
    active[input][slot] = producers;
    next[input][slot] = nextProducers;
    gone[input][slot] = (BitSet) goneProducers.clone();
  }

  /**
   * Whether a message from {@code producer} is from the partition's next producers: a retirement
   * was seen and the producer is beyond the current ones or has itself retired or ended.
   */
  boolean fromNext(int input, int slot, int producer) {
    return next[input][slot] > 0 && (producer >= active[input][slot] || gone[input][slot].get(producer));
  }

  /**
   * {@code producer} retired from the partition, {@code nextProducers} writing it after the old
   * ones. Returns how many producers write it from now on, or -1 while old ones still write.
   */
  int retired(int input, int slot, int producer, int nextProducers) {
    next[input][slot] = nextProducers;
    return goneFrom(input, slot, producer);
  }

  /** {@code producer} ended its output on the partition; as {@link #retired}. */
  int ended(int input, int slot, int producer) {
    return goneFrom(input, slot, producer);
  }

  private int goneFrom(int input, int slot, int producer) {
    if (producer >= active[input][slot]) {
      return -1;
    }
    BitSet left = gone[input][slot];
    left.set(producer);
    // Ends alone are the input's end, not a rescale.
    if (next[input][slot] == 0 || left.cardinality() < active[input][slot]) {
      return -1;
    }
    active[input][slot] = next[input][slot];
    next[input][slot] = 0;
    left.clear();
    return active[input][slot];
  }
}
