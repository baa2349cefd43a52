package io.solstice.engine.job;

import io.solstice.engine.checkpoint.CheckpointManifest;
import io.solstice.engine.checkpoint.CheckpointRef;
import io.solstice.engine.checkpoint.CheckpointStorage;
import io.solstice.engine.checkpoint.StateHandle;
import io.solstice.engine.control.StageRestore;
import io.solstice.engine.graph.EdgeSpec;
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
    if (JobShape.predatesSeedCounts(manifest.shape(), shape)) {
      throw new IllegalStateException(
          "Checkpoint " + checkpointId + " in " + where + " was written by an earlier version of Solstice, whose"
              + " state files this one cannot read. Start the job without it.");
    }
    String difference = JobShape.difference(manifest.shape(), shape);
    if (difference != null) {
      throw new IllegalStateException(
          "Checkpoint " + checkpointId + " in " + where + " was taken by a pipeline of another shape: "
              + difference + ". Restore it with the pipeline (and --maxParallelism) that took it, or start"
              + " without it; at another --parallelism a pipeline can fuse into other stages, so try the"
              + " checkpoint's parallelism too.");
    }
    Map<Integer, Integer> workersThen = JobShape.stageWorkers(manifest.shape());
    Map<Integer, Integer> partitionsThen = JobShape.edgePartitions(manifest.shape());
    Map<Integer, StageRestore> stages = new HashMap<>();
    for (StageSpec stage : graph.stages()) {
      int workers = workersThen.getOrDefault(stage.id(), stage.parallelism());
      if (workers != stage.parallelism() && stage.keepsWorkerState()) {
        throw new IllegalStateException(
            "Checkpoint " + checkpointId + " in " + where + " cannot be restored with " + stage.parallelism()
                + " workers for stage '" + stage.name() + "': it had " + workers + ", and its workers keep state of"
                + " their own (side inputs and elements waiting for them, a sink's transactions, input held for"
                + " stable input, or a test stream) that cannot be divided among another number. Restore it with"
                + " --parallelism=" + workers + ".");
      }
      List<StateHandle> states = new ArrayList<>();
      for (int i = 0; i < workers; i++) {
        String file = StageRestore.stateFileName(stage.id(), i);
        StateHandle state = manifest.state(file);
        if (state == null && !manifest.finished().contains(stage.id() + "/" + i)) {
          throw new IllegalStateException(
              "Checkpoint " + checkpointId + " in " + where + " is incomplete: its manifest lists no state file "
                  + file + " for worker " + i + " of stage '" + stage.name() + "'");
        }
        states.add(state);
      }
      Map<Integer, Integer> inputPartitions = new HashMap<>();
      Map<Integer, Integer> seeds = new HashMap<>();
      for (int edgeId : stage.inputEdges()) {
        EdgeSpec edge = graph.edge(edgeId);
        inputPartitions.put(edgeId, partitionsThen.getOrDefault(edgeId, edge.partitions()));
        if (edge.isSeeded()) {
          // As many as at the checkpoint: the shapes, which count them, match.
          seeds.put(edgeId, graph.seeds(edgeId).size());
        }
      }
      stages.put(stage.id(), new StageRestore(checkpoint, states, inputPartitions, seeds));
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
