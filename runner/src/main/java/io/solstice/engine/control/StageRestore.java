package io.solstice.engine.control;

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

  private final String checkpointJob;
  private final long checkpointId;
  private final List<StateHandle> states;

  /**
   * @param checkpointJob the job directory the checkpoint is in, under the checkpoint location
   * @param states per worker index, its state file, or null for a worker that had ended
   */
  public StageRestore(String checkpointJob, long checkpointId, List<StateHandle> states) {
    this.checkpointJob = checkpointJob;
    this.checkpointId = checkpointId;
    this.states = Collections.unmodifiableList(new ArrayList<>(states));
  }

  public String checkpointJob() {
    return checkpointJob;
  }

  public long checkpointId() {
    return checkpointId;
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
