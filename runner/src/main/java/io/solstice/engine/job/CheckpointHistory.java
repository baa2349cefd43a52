package io.solstice.engine.job;

import io.solstice.engine.coordinator.CompletedCheckpoint;
import io.solstice.engine.coordinator.FailedCheckpoint;
import java.util.List;

/**
 * A job's checkpoints over every attempt, read with one question to the running attempt's
 * coordinator.
 *
 * @param completedCount how many completed
 * @param completed the completed ones, oldest first (the newest of each attempt)
 * @param failed the failed ones, oldest first (the newest of each attempt)
 * @param inFlight the checkpoint being taken, 0 if none
 * @param inFlightSinceMillis when it started (epoch milliseconds), 0 if none
 */
public record CheckpointHistory(
    long completedCount,
    List<CompletedCheckpoint> completed,
    List<FailedCheckpoint> failed,
    long inFlight,
    long inFlightSinceMillis) {
  public CheckpointHistory {
    completed = List.copyOf(completed);
    failed = List.copyOf(failed);
  }
}
