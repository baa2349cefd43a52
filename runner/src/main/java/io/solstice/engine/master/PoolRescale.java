package io.solstice.engine.master;

import io.solstice.engine.checkpoint.CheckpointRef;
import io.solstice.engine.checkpoint.CheckpointSettings;
import io.solstice.engine.checkpoint.StateHandle;
import io.solstice.engine.control.InputHandover;
import io.solstice.engine.control.StageLaunch;
import io.solstice.engine.control.StageRestore;
import io.solstice.engine.control.WorkerReport;
import io.solstice.engine.graph.EdgeSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One rescale of a stage's pool under way: the checkpoint it happens at, the old and new sizes,
 * and what the old workers reported as they retired (their state files at the checkpoint and
 * their handovers) or ended.
 */
final class PoolRescale {
  private final long checkpointId;
  private final int oldWorkers;
  private final int workers;
  private final WorkerReport[] reports;
  private int reported;

  PoolRescale(long checkpointId, int oldWorkers, int workers) {
    this.checkpointId = checkpointId;
    this.oldWorkers = oldWorkers;
    this.workers = workers;
    this.reports = new WorkerReport[oldWorkers];
  }

  /** The new pool's size. */
  int workers() {
    return workers;
  }

  /** An old worker retired or ended. */
  void ended(WorkerReport report) {
    if (report.worker() >= 0 && report.worker() < oldWorkers && reports[report.worker()] == null) {
      reports[report.worker()] = report;
      reported++;
    }
  }

  /** Whether every old worker has retired or ended. */
  boolean complete() {
    return reported == oldWorkers;
  }

  /**
   * Where the new pool's workers find their state: the old workers' files at the checkpoint (none
   * for one that had ended, whose seeds all count as read).
   */
  StageRestore restore(StageLaunch pool) {
    List<StateHandle> states = new ArrayList<>(Arrays.asList(new StateHandle[oldWorkers]));
    for (int i = 0; i < oldWorkers; i++) {
      states.set(i, reports[i].retiredState());
    }
    Map<Integer, Integer> partitions = new HashMap<>();
    Map<Integer, Integer> seeds = new HashMap<>();
    for (EdgeSpec edge : pool.inputs()) {
      partitions.put(edge.id(), edge.partitions());
      if (edge.isSeeded()) {
        seeds.put(edge.id(), pool.seedCount(edge.id()));
      }
    }
    CheckpointSettings settings = pool.config().checkpoints();
    CheckpointRef checkpoint = new CheckpointRef(settings.location(), pool.checkpointJob(), checkpointId, settings.s3());
    return new StageRestore(checkpoint, states, partitions, seeds);
  }

  /** Everything the old workers handed over. */
  InputHandover handover() {
    List<InputHandover> parts = new ArrayList<>();
    for (WorkerReport report : reports) {
      if (report.handover() != null) {
        parts.add(report.handover());
      }
    }
    return InputHandover.merge(checkpointId, parts);
  }
}
