package io.solstice.engine.control;

import io.solstice.engine.checkpoint.CheckpointRef;
import io.solstice.engine.checkpoint.StateHandle;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Where a stage's workers find their state when a job restores from a checkpoint: per worker the
 * stage had at the checkpoint, its state file, or none if that worker had ended by then. The stage
 * may now have another number of workers: each then takes the key groups and seeds it now owns
 * from every file (a worker that had ended read all of its seeds). A rescaled pool's new workers
 * restore the same way from what its old workers handed over.
 */
public final class StageRestore implements Serializable {
  private static final long serialVersionUID = 3L;

  private final CheckpointRef checkpoint;
  private final List<StateHandle> states;
  private final long handedOverAfter;
  private final List<byte[]> handedOver;
  private final Map<Integer, Integer> inputPartitions;
  private final Map<Integer, Integer> seeds;

  /**
   * @param states per worker of the stage at the checkpoint, its state file, or null for a worker
   *     that had ended
   * @param inputPartitions per input edge id, its partitions at the checkpoint
   * @param seeds per seeded input edge id, how many seeds the driver writes to it
   */
  public StageRestore(
      CheckpointRef checkpoint, List<StateHandle> states, Map<Integer, Integer> inputPartitions, Map<Integer, Integer> seeds) {
    this(checkpoint, states, 0, null, inputPartitions, seeds);
  }

  private StageRestore(
      CheckpointRef checkpoint,
      List<StateHandle> states,
      long handedOverAfter,
      List<byte[]> handedOver,
      Map<Integer, Integer> inputPartitions,
      Map<Integer, Integer> seeds) {
    this.checkpoint = checkpoint;
    this.handedOverAfter = handedOverAfter;
    this.handedOver = handedOver == null ? null : Collections.unmodifiableList(new ArrayList<>(handedOver));
    this.states = states == null ? null : Collections.unmodifiableList(new ArrayList<>(states));
    this.inputPartitions = Map.copyOf(inputPartitions);
    this.seeds = Map.copyOf(seeds);
  }

  /**
   * A rescaled pool's state, handed over by its old workers (per old worker, its state as a state
   * file holds it, or null for one that had ended) rather than read from a checkpoint.
   *
   * @param after the newest checkpoint the old workers had aligned
   */
  public static StageRestore handedOver(
      long after, List<byte[]> states, Map<Integer, Integer> inputPartitions, Map<Integer, Integer> seeds) {
    return new StageRestore(null, null, after, states, inputPartitions, seeds);
  }

  /** The checkpoint to read state files from; null for state handed over by a rescaled pool. */
  public CheckpointRef checkpoint() {
    return checkpoint;
  }

  /** The checkpoint restored from, or the newest the old workers of a rescaled pool had aligned. */
  public long checkpointId() {
    return checkpoint == null ? handedOverAfter : checkpoint.id();
  }

  /** Whether the state was handed over by a rescaled pool's old workers. */
  public boolean handedOver() {
    return handedOver != null;
  }

  /** How many workers the stage had at the checkpoint (or before the rescale). */
  public int workers() {
    return handedOver != null ? handedOver.size() : states.size();
  }

  /** Whether worker {@code index} of then had state (it had not ended). */
  public boolean hasState(int index) {
    return handedOver != null ? handedOver.get(index) != null : states.get(index) != null;
  }

  /** The state file of the checkpoint's worker {@code index}, or null if it had ended. */
  public StateHandle state(int index) {
    return states.get(index);
  }

  /** The state old worker {@code index} of a rescaled pool handed over, or null if it had ended. */
  public byte[] handedOverState(int index) {
    return handedOver.get(index);
  }

  /** How many partitions input edge {@code edgeId} had at the checkpoint. */
  public int partitionsThen(int edgeId) {
    Integer partitions = inputPartitions.get(edgeId);
    if (partitions == null) {
      throw new IllegalArgumentException("The checkpoint knows no input edge " + edgeId);
    }
    return partitions;
  }

  /** How many seeds the driver writes to seeded input edge {@code edgeId}. */
  public int seeds(int edgeId) {
    return seeds.getOrDefault(edgeId, 0);
  }

  /** The name of worker {@code index}'s state file in a checkpoint. */
  public static String stateFileName(int stageId, int index) {
    return "stage-" + stageId + "-worker-" + index;
  }
}
