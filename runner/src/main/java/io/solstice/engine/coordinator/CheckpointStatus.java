package io.solstice.engine.coordinator;

import java.io.Serializable;
import java.util.List;

/**
 * How a job's checkpoints went so far, as its coordinator answers the driver.
 *
 * @param completed how many completed in this run of the job
 * @param lastCompleted the newest completed checkpoint's id, 0 if none
 * @param failure why the job must fail (more checkpoints failed in a row than it tolerates), or null
 * @param recent the newest completed checkpoints, oldest first (at most {@link #RECENT})
 * @param inFlight the checkpoint being taken, 0 if none
 * @param inFlightSinceMillis when it started (epoch milliseconds), 0 if none
 * @param failed the newest failed checkpoints, oldest first (at most {@link #RECENT})
 */
public record CheckpointStatus(
    long completed,
    long lastCompleted,
    String failure,
    List<CompletedCheckpoint> recent,
    long inFlight,
    long inFlightSinceMillis,
    List<FailedCheckpoint> failed)
    implements Serializable {
  /** How many completed checkpoints a status lists. */
  public static final int RECENT = 100;

  public CheckpointStatus {
    recent = List.copyOf(recent);
    failed = List.copyOf(failed);
  }

  public static CheckpointStatus none() {
    return new CheckpointStatus(0, 0, null, List.of(), 0, 0, List.of());
  }
}
