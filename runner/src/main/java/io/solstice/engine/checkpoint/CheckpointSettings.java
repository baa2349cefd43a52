package io.solstice.engine.checkpoint;

import java.io.Serializable;

/**
 * How a job takes checkpoints: how often, where they go, how many completed ones to keep, and how
 * many failed ones in a row the job tolerates before it fails.
 *
 * @param intervalMillis time between checkpoints; 0 turns them off
 * @param location where checkpoints go ({@link CheckpointLocations})
 * @param retained how many completed checkpoints to keep
 * @param tolerableFailures failed checkpoints in a row the job goes on after
 * @param timeoutMillis a checkpoint not complete by then fails; 0 for no limit
 * @param minPauseMillis the least time from one checkpoint's end to the next one's start, so that
 *     checkpoints that take longer than the interval still leave the job time to process
 * @param s3 how to reach S3, for an {@code s3://} location
 */
public record CheckpointSettings(
    long intervalMillis,
    String location,
    int retained,
    int tolerableFailures,
    long timeoutMillis,
    long minPauseMillis,
    S3Settings s3)
    implements Serializable {

  public static CheckpointSettings off() {
    return new CheckpointSettings(0, null, 1, 0, 0, 0, S3Settings.defaults());
  }

  /** The storage of job directory {@code job} at this location. */
  public CheckpointStorage storage(String job) {
    return CheckpointLocations.open(location, job, s3);
  }

  public CheckpointSettings {
    if (intervalMillis > 0 && (location == null || location.isBlank())) {
      throw new IllegalArgumentException("Checkpoints every " + intervalMillis + " ms need a location");
    }
    if (retained < 1) {
      throw new IllegalArgumentException("At least one completed checkpoint must be kept, not " + retained);
    }
    if (minPauseMillis < 0) {
      throw new IllegalArgumentException("The pause between checkpoints cannot be negative: " + minPauseMillis);
    }
    if (tolerableFailures < 0) {
      throw new IllegalArgumentException("Tolerable checkpoint failures cannot be negative: " + tolerableFailures);
    }
  }

  public boolean enabled() {
    return intervalMillis > 0;
  }

  /** The same, with checkpoints off. */
  public CheckpointSettings disabled() {
    return new CheckpointSettings(0, location, retained, tolerableFailures, timeoutMillis, minPauseMillis, s3);
  }
}
