package io.solstice.engine.control;

import java.io.Serializable;
import java.util.List;

/** How every worker of a stage ended. */
public final class StageReport implements Serializable {
  private static final long serialVersionUID = 1L;

  private final int stage;
  private final List<WorkerReport> workers;
  private final int unfinishedWorkers;
  private final List<PoolSize> poolSizes;

  /** @param poolSizes the stage's pool sizes in turn, each from when it started: the first, then after each rescale */
  public StageReport(int stage, List<WorkerReport> workers, int unfinishedWorkers, List<PoolSize> poolSizes) {
    this.poolSizes = List.copyOf(poolSizes);
    this.stage = stage;
    this.workers = List.copyOf(workers);
    this.unfinishedWorkers = unfinishedWorkers;
  }

  public int stage() {
    return stage;
  }

  public List<WorkerReport> workers() {
    return workers;
  }

  /** The stage's pool sizes in turn, each from when it started: the first, then after each rescale. */
  public List<PoolSize> poolSizes() {
    return poolSizes;
  }

  /** Workers that had not stopped when the master gave up waiting for them. */
  public int unfinishedWorkers() {
    return unfinishedWorkers;
  }
}
