package io.solstice.engine.job;

import io.solstice.engine.checkpoint.CheckpointManifest;
import io.solstice.engine.checkpoint.CheckpointRef;
import io.solstice.engine.checkpoint.CheckpointStorage;
import io.solstice.engine.checkpoint.StateHandle;
import io.solstice.engine.control.StageRestore;
import io.solstice.engine.graph.JobGraph;
import io.solstice.engine.graph.StageSpec;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a job starts from: nothing, or a completed checkpoint, read and checked against the job
 * (its shape, and a state file or an "ended" mark for every worker) before anything starts.
 */
final class RestorePlan {
  private final long checkpointId;
  private final Map<Integer, StageRestore> stages;

  private RestorePlan(long checkpointId, Map<Integer, StageRestore> stages) {
    this.checkpointId = checkpointId;
    this.stages = stages;
  }

  static RestorePlan fresh() {
    return new RestorePlan(0, Map.of());
  }

  /** The restore of {@code checkpoint}, read and checked against the job. */
  static RestorePlan of(CheckpointRef checkpoint, JobGraph graph, String shape) throws IOException {
    long checkpointId = checkpoint.id();
    CheckpointManifest manifest;
    String where;
    try (CheckpointStorage storage = checkpoint.open()) {
      manifest = storage.manifest(checkpointId);
      where = storage.describe();
    }
    String difference = JobShape.difference(manifest.shape(), shape);
    if (difference != null) {
      throw new IllegalStateException(
          "Checkpoint " + checkpointId + " in " + where + " was taken by a pipeline of another shape: "
              + difference + ". Restore it with the pipeline (and --parallelism, --maxParallelism) that took it,"
              + " or start without it.");
    }
    Map<Integer, StageRestore> stages = new HashMap<>();
    for (StageSpec stage : graph.stages()) {
      List<StateHandle> states = new ArrayList<>();
      for (int i = 0; i < stage.parallelism(); i++) {
        String file = StageRestore.stateFileName(stage.id(), i);
        StateHandle state = manifest.state(file);
        if (state == null && !manifest.finished().contains(stage.id() + "/" + i)) {
          throw new IllegalStateException(
              "Checkpoint " + checkpointId + " in " + where + " is incomplete: its manifest lists no state file "
                  + file + " for worker " + i + " of stage '" + stage.name() + "'");
        }
        states.add(state);
      }
      stages.put(stage.id(), new StageRestore(checkpoint, states));
    }
    return new RestorePlan(checkpointId, stages);
  }

  /** The checkpoint restored from, 0 for a fresh start. */
  long checkpointId() {
    return checkpointId;
  }

  /** Where stage {@code stageId}'s workers find their state; null for a fresh start. */
  StageRestore stage(int stageId) {
    return stages.get(stageId);
  }
}
