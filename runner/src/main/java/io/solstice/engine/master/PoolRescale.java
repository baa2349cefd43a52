package io.solstice.engine.master;

import io.solstice.engine.control.InputHandover;
import io.solstice.engine.control.StageLaunch;
import io.solstice.engine.control.StageRestore;
import io.solstice.engine.control.WorkerReport;
import io.solstice.engine.graph.EdgeSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One rescale of a stage's pool under way: the old and new sizes, and what the old workers
 * reported as they retired (their state and their handovers) or ended.
 */
final class PoolRescale {
  private final int oldWorkers;
  private final int workers;
  private final WorkerReport[] reports;
  private int reported;

  PoolRescale(int oldWorkers, int workers) {
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
   * Where the new pool's workers find their state: what the old workers handed over (none for one
   * that had ended, whose seeds all count as read).
   */
  StageRestore restore(StageLaunch pool) {
    List<byte[]> states = new ArrayList<>();
    for (WorkerReport report : reports) {
      states.add(report.retiredState());
    }
    Map<Integer, Integer> partitions = new HashMap<>();
    Map<Integer, Integer> seeds = new HashMap<>();
    for (EdgeSpec edge : pool.inputs()) {
      partitions.put(edge.id(), edge.partitions());
      if (edge.isSeeded()) {
        seeds.put(edge.id(), pool.seedCount(edge.id()));
      }
    }
    return StageRestore.handedOver(newestCheckpoint(), states, partitions, seeds);
  }

  /** Everything the old workers handed over. */
  InputHandover handover() {
    List<InputHandover> parts = new ArrayList<>();
    for (WorkerReport report : reports) {
      if (report.handover() != null) {
        parts.add(report.handover());
      }
    }
    return InputHandover.merge(newestCheckpoint(), parts);
  }

  /** The newest checkpoint any old worker had aligned: the new pool starts past it. */
  private long newestCheckpoint() {
    long newest = 0;
    for (WorkerReport report : reports) {
      if (report.handover() != null) {
        newest = Math.max(newest, report.handover().checkpointId());
      }
    }
    return newest;
  }
}
