package io.solstice.engine.worker;

import java.util.ArrayList;
import java.util.List;

/**
 * Aligns checkpoint barriers across a worker's input channels, one channel per (input, owned
 * partition slot, producer), as Flink's aligned checkpoints do. Alignment of a checkpoint starts
 * when the job asks for it or its first barrier arrives. From then on, what a channel sends after
 * its barrier belongs after the checkpoint: it is held here, unprocessed, until every channel has
 * delivered the barrier or ended (its producer announced the end of its output; an ended channel
 * sends nothing more, so it cannot hold a checkpoint back). The driver's seeds carry no barriers:
 * a seeded input never holds a checkpoint back either, since the worker's snapshot records how far
 * it has read them instead. A worker whose inputs have all ended or are seeded, a source stage's,
 * aligns as soon as a checkpoint is asked for.
 *
 * @param <T> what is held: the worker's records
 */
final class BarrierAligner<T> {
  /** [input][slot][producer] -> the newest checkpoint whose barrier came on the channel. */
  private final long[][][] barriers;
  private final boolean[][][] ended;
  private final boolean[] seeded;
  private final List<T> held = new ArrayList<>();
  private final List<T> abandoned = new ArrayList<>();
  private long aligning;
  private long lastAligned;

  /**
   * @param ownedPartitions per input, how many of its partitions this worker reads
   * @param producers per input, how many producers write each of its partitions
   * @param seeded per input, whether the driver seeds it
   */
  BarrierAligner(int[] ownedPartitions, int[] producers, boolean[] seeded) {
    this.seeded = seeded.clone();
    barriers = new long[ownedPartitions.length][][];
    ended = new boolean[ownedPartitions.length][][];
    for (int input = 0; input < ownedPartitions.length; input++) {
      barriers[input] = new long[ownedPartitions[input]][producers[input]];
      ended[input] = new boolean[ownedPartitions[input]][producers[input]];
    }
  }

  /** The job asked for {@code checkpointId} (0: none yet); aligning it starts if it is new. */
  void requested(long checkpointId) {
    start(checkpointId);
  }

  private void start(long checkpointId) {
    if (checkpointId <= lastAligned || checkpointId <= aligning) {
      return;
    }
    if (aligning != 0) {
      // The coordinator gave the older one up (another worker failed it): what its alignment held
      // comes before the newer checkpoint's barriers, so it is processed now.
      abandoned.addAll(held);
      held.clear();
    }
    aligning = checkpointId;
  }

  /**
   * Whether a record from this channel may be processed now. If not, it is kept and comes back
   * from {@link #completeIfAligned} in arrival order.
   */
  boolean admit(int input, int slot, int producer, T record) {
    if (aligning != 0 && barriers[input][slot][producer] >= aligning) {
      held.add(record);
      return false;
    }
    return true;
  }

  /** An admitted barrier of {@code checkpointId} came on the channel. */
  void barrier(int input, int slot, int producer, long checkpointId) {
    barriers[input][slot][producer] = Math.max(barriers[input][slot][producer], checkpointId);
    start(checkpointId);
  }

  /** The channel's producer announced the end of its output in an admitted message. */
  void ended(int input, int slot, int producer) {
    ended[input][slot][producer] = true;
  }

  /**
   * Partition slot {@code slot} of {@code input} now has {@code active} producers (a rescaled
   * upstream pool). They start where the old ones left off, at the checkpoint those retired at
   * (the newest barrier the slot delivered), so what they send comes after it; the others count as
   * ended.
   */
  void switchProducers(int input, int slot, int active) {
    long last = 0;
    for (long barrier : barriers[input][slot]) {
      last = Math.max(last, barrier);
    }
    for (int producer = 0; producer < barriers[input][slot].length; producer++) {
      barriers[input][slot][producer] = last;
      ended[input][slot][producer] = producer >= active;
    }
  }

  /**
   * A worker of a rescaled pool: the old workers it replaces aligned {@code checkpointId} and
   * passed on what came after it, so it starts past that checkpoint.
   */
  void startAfter(long checkpointId) {
    lastAligned = Math.max(lastAligned, checkpointId);
  }

  /** Whether a barrier of {@code checkpointId} would give up the checkpoint being aligned. */
  boolean supersedes(long checkpointId) {
    return aligning != 0 && checkpointId > aligning;
  }

  /**
   * Gives up the checkpoint being aligned (a newer one's barrier came): what it held is to be
   * processed before that barrier, which starts the newer alignment once it is processed again.
   */
  void abandon() {
    abandoned.addAll(held);
    held.clear();
    aligning = 0;
  }

  /**
   * Whether a newer checkpoint gave the aligning one up, leaving records it held to be processed
   * before anything their channels sent later.
   */
  boolean hasAbandoned() {
    return !abandoned.isEmpty();
  }

  /** Moves the records a given-up alignment held into {@code into}, in arrival order. */
  void takeAbandoned(List<T> into) {
    into.addAll(abandoned);
    abandoned.clear();
  }

  /**
   * Ends any alignment, moving what it held (after what a given-up one held) in front of {@code
   * into}: they came before anything put back there.
   */
  void takeHeld(List<T> into) {
    List<T> first = new ArrayList<>(abandoned);
    first.addAll(held);
    abandoned.clear();
    held.clear();
    aligning = 0;
    into.addAll(0, first);
  }

  /** The newest checkpoint aligned, 0 if none. */
  long lastAligned() {
    return lastAligned;
  }

  /** The checkpoint being aligned, 0 if none. */
  long aligning() {
    return aligning;
  }

  /**
   * If every channel has delivered the current checkpoint's barrier, ended or is seeded, ends the alignment
   * and moves the held records into {@code released}. Returns the aligned checkpoint, or 0.
   */
  long completeIfAligned(List<T> released) {
    if (aligning == 0) {
      return 0;
    }
    for (int input = 0; input < barriers.length; input++) {
      if (seeded[input]) {
        continue;
      }
      for (int slot = 0; slot < barriers[input].length; slot++) {
        for (int producer = 0; producer < barriers[input][slot].length; producer++) {
          if (barriers[input][slot][producer] < aligning && !ended[input][slot][producer]) {
            return 0;
          }
        }
      }
    }
    lastAligned = aligning;
    aligning = 0;
    // In front: anything put back there (the rest of a poll cut short) came after them.
    released.addAll(0, held);
    held.clear();
    return lastAligned;
  }
}
