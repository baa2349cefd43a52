package io.solstice.engine.control;

import io.solstice.engine.checkpoint.CheckpointRef;
import io.solstice.engine.checkpoint.StateHandle;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Where a stage's workers find their state when a job restores from a checkpoint: per worker, its
 * state file in the checkpoint, or none if the worker had ended by then (it then starts as ended:
 * it skips the driver's seeds and passes on the end of its inputs).
 */
public final class StageRestore implements Serializable {
  private static final long serialVersionUID = 1L;

  private final CheckpointRef checkpoint;
  private final List<StateHandle> states;

  /** @param states per worker index, its state file, or null for a worker that had ended */
  public StageRestore(CheckpointRef checkpoint, List<StateHandle> states) {
    this.checkpoint = checkpoint;
    this.states = Collections.unmodifiableList(new ArrayList<>(states));
  }

  public CheckpointRef checkpoint() {
    return checkpoint;
  }

  public long checkpointId() {
    return checkpoint.id();
  }

  /** Worker {@code index}'s state file, or null if it had ended. */
  public StateHandle state(int index) {
    return states.get(index);
  }

  /** The name of worker {@code index}'s state file in a checkpoint. */
  public static String stateFileName(int stageId, int index) {
    return "stage-" + stageId + "-worker-" + index;
  }
}
