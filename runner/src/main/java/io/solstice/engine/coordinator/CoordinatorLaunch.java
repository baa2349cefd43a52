package io.solstice.engine.coordinator;

import java.io.Serializable;

/** What a job's coordinator starts with. */
public final class CoordinatorLaunch implements Serializable {
  private static final long serialVersionUID = 1L;

  final int workers;
  final long checkpointIntervalMillis;
  final long clockStart;

  /**
   * @param workers how many workers the job has; checkpoints start once all have registered
   * @param checkpointIntervalMillis time between checkpoints; 0 turns them off
   * @param clockStart the manual clock's starting time, as every executor has it
   */
  public CoordinatorLaunch(int workers, long checkpointIntervalMillis, long clockStart) {
    this.workers = workers;
    this.checkpointIntervalMillis = checkpointIntervalMillis;
    this.clockStart = clockStart;
  }
}
