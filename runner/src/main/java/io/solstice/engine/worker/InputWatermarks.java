package io.solstice.engine.worker;

import io.solstice.engine.operator.Watermarks;
import java.util.Arrays;

/**
 * Tracks the watermark of each input of a worker: the minimum, over the partitions it reads, of the
 * latest watermark each producer announced there.
 */
final class InputWatermarks {
  /** [input][owned partition slot][producer] -> latest announced watermark. */
  private final long[][][] announced;

  /**
   * @param ownedPartitions per input, how many of its partitions this worker reads
   * @param producers per input, how many producers write each of its partitions
   */
  InputWatermarks(int[] ownedPartitions, int[] producers) {
    announced = new long[ownedPartitions.length][][];
    for (int input = 0; input < ownedPartitions.length; input++) {
      announced[input] = new long[ownedPartitions[input]][producers[input]];
      for (long[] slot : announced[input]) {
        Arrays.fill(slot, Watermarks.START);
      }
    }
  }

  void observe(int input, int slot, int producer, long watermark) {
    long[] producers = announced[input][slot];
    if (watermark > producers[producer]) {
      producers[producer] = watermark;
    }
  }

  /**
   * Partition slot {@code slot} of {@code input} now has {@code active} producers (a rescaled
   * upstream pool). Each starts at the slot's watermark so far: the old producers' state and input
   * passed to the new ones, whose output is therefore no earlier. The others no longer count.
   */
  void switchProducers(int input, int slot, int active) {
    long[] producers = announced[input][slot];
    long floor = Watermarks.END;
    for (long wm : producers) {
      floor = Math.min(floor, wm);
    }
    for (int producer = 0; producer < producers.length; producer++) {
      producers[producer] = producer < active ? floor : Watermarks.END;
    }
  }

  /** The latest watermark {@code producer} announced on slot {@code slot} of {@code input}. */
  long announced(int input, int slot, int producer) {
    return announced[input][slot][producer];
  }

  /** The input's watermark; {@link Watermarks#END} when this worker reads none of its partitions. */
  long watermark(int input) {
    long min = Watermarks.END;
    for (long[] slot : announced[input]) {
      for (long wm : slot) {
        min = Math.min(min, wm);
      }
    }
    return min;
  }

  int inputs() {
    return announced.length;
  }
}
