package io.solstice.engine.control;

import java.io.Serializable;
import java.util.List;

/** How every worker of a stage ended. */
public final class StageReport implements Serializable {
  private static final long serialVersionUID = 1L;

  private final int stage;
  private final List<WorkerReport> workers;
  private final int unfinishedWorkers;

  public StageReport(int stage, List<WorkerReport> workers, int unfinishedWorkers) {
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

  /** Workers that had not stopped when the master gave up waiting for them. */
  public int unfinishedWorkers() {
    return unfinishedWorkers;
  }
}
