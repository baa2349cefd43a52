package io.solstice.engine.worker;

import io.solstice.engine.operator.Watermarks;
import io.solstice.engine.queue.SplitMessage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A worker's synchronized processing time: the job's processing time, held back while upstream
 * output may be ahead of what the operator knows.
 *
 * <p>On the Direct runner a step's output and its watermark commit at once, so a continuation
 * trigger downstream (which fires on synchronized processing time) never takes in an on-time pane
 * before the watermark that follows it. A stage of several workers keeps that as follows:
 *
 * <ul>
 *   <li>Data from a producer whose watermark is past the input watermark the operator has been
 *       told may be output that the advance caused, while the watermark itself is not delivered
 *       yet: the other producers' share of the same advance may still be on its way, or the
 *       worker has yet to deliver it after the poll's records. Such data holds synchronized time
 *       at the operator's time when it arrived, until the operator learns a watermark that covers
 *       the producer's, or every other producer of the input has sent something since (so that a
 *       producer that ended, or one whose watermark runs ahead for good, cannot stop the clock).
 *   <li>A split its producer's bundle continues after (it filled up mid-bundle) holds it too,
 *       until the bundle's last message on that partition.
 * </ul>
 *
 * Triggers fire only once synchronized time passes the time they were set at, so none fires in
 * between. The writer, for its part, stamps a bundle's new watermark on its last split.
 */
final class SynchronizedClock {
  private static final long NONE = Long.MAX_VALUE;

  /** [input][slot][producer]: index of the last message seen, -1 if none, NONE once it ended. */
  private final long[][][] lastMessage;
  /** [input][slot][producer]: operator time at the first split of a bundle still arriving, or NONE. */
  private final long[][][] openBundle;
  private final long[] delivered;
  /** In the order they were placed, so their times never decrease. */
  private final List<Hold> holds = new ArrayList<>();
  private long messages;

  private record Hold(long time, int input, int slot, int producer, long watermark, long placedAt) {}

  /**
   * @param ownedPartitions per input, how many of its partitions this worker reads
   * @param producers per input, how many producers write each of its partitions
   */
  SynchronizedClock(int[] ownedPartitions, int[] producers) {
    int inputs = ownedPartitions.length;
    lastMessage = new long[inputs][][];
    openBundle = new long[inputs][][];
    delivered = new long[inputs];
    Arrays.fill(delivered, Watermarks.START);
    for (int input = 0; input < inputs; input++) {
      lastMessage[input] = new long[ownedPartitions[input]][producers[input]];
      openBundle[input] = new long[ownedPartitions[input]][producers[input]];
      for (int slot = 0; slot < ownedPartitions[input]; slot++) {
        Arrays.fill(lastMessage[input][slot], -1);
        Arrays.fill(openBundle[input][slot], NONE);
      }
    }
  }

  /**
   * {@code message} arrived on partition slot {@code slot} of {@code input} while the operator's
   * synchronized processing time is {@code operatorTime}; for data, call before it is processed.
   */
  void arrived(int input, int slot, SplitMessage message, long operatorTime) {
    long index = messages++;
    int producer = message.producer();
    if (message.kind() == SplitMessage.Kind.DATA && message.watermark() > delivered[input]) {
      holds.add(new Hold(operatorTime, input, slot, producer, message.watermark(), index));
    }
    long[] bundles = openBundle[input][slot];
    if (!message.bundleContinues()) {
      bundles[producer] = NONE;
    } else if (bundles[producer] == NONE) {
      bundles[producer] = operatorTime;
    }
    lastMessage[input][slot][producer] = message.watermark() == Watermarks.END ? NONE : index;
  }

  /**
   * Partition slot {@code slot} of {@code input} now has {@code active} producers (a rescaled
   * upstream pool): they have sent nothing yet, and the others send nothing more.
   */
  void switchProducers(int input, int slot, int active) {
    for (int producer = 0; producer < lastMessage[input][slot].length; producer++) {
      lastMessage[input][slot][producer] = producer < active ? -1 : NONE;
      openBundle[input][slot][producer] = NONE;
    }
  }

  /** The producer of the channel ended its output (told by a rescaled pool's handover). */
  void ended(int input, int slot, int producer) {
    lastMessage[input][slot][producer] = NONE;
    openBundle[input][slot][producer] = NONE;
  }

  /** The operator learnt input {@code input}'s watermark {@code watermark}. */
  void watermarkDelivered(int input, long watermark) {
    delivered[input] = Math.max(delivered[input], watermark);
  }

  /**
   * Releases the holds that are settled. Call once the poll's records are handled and the
   * watermarks they announced delivered, never between a record and its watermark's delivery.
   */
  void settle() {
    holds.removeIf(hold -> delivered[hold.input()] >= hold.watermark() || othersSentSince(hold));
  }

  private boolean othersSentSince(Hold hold) {
    long[][] slots = lastMessage[hold.input()];
    for (int slot = 0; slot < slots.length; slot++) {
      for (int producer = 0; producer < slots[slot].length; producer++) {
        boolean own = slot == hold.slot() && producer == hold.producer();
        if (!own && slots[slot][producer] <= hold.placedAt()) {
          return false;
        }
      }
    }
    return true;
  }

  /** Synchronized processing time at processing time {@code now}. Asking moves nothing. */
  long now(long now) {
    long time = holds.isEmpty() ? now : Math.min(now, holds.get(0).time());
    for (long[][] slots : openBundle) {
      for (long[] producers : slots) {
        for (long opened : producers) {
          time = Math.min(time, opened);
        }
      }
    }
    return time;
  }

  /** Whether synchronized processing time is held behind {@code now}: it moves with input, not time. */
  boolean held(long now) {
    return now(now) < now;
  }
}
