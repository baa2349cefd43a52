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
 * from every file (a worker that had ended read all of its seeds).
 */
public final class StageRestore implements Serializable {
  private static final long serialVersionUID = 2L;

  private final CheckpointRef checkpoint;
  private final List<StateHandle> states;
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
    this.checkpoint = checkpoint;
    this.states = Collections.unmodifiableList(new ArrayList<>(states));
    this.inputPartitions = Map.copyOf(inputPartitions);
    this.seeds = Map.copyOf(seeds);
  }

  public CheckpointRef checkpoint() {
    return checkpoint;
  }

  public long checkpointId() {
    return checkpoint.id();
  }

  /** How many workers the stage had at the checkpoint. */
  public int workers() {
    return states.size();
  }

  /** The state file of the checkpoint's worker {@code index}, or null if it had ended. */
  public StateHandle state(int index) {
    return states.get(index);
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
