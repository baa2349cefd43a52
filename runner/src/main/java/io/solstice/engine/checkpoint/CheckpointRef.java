package io.solstice.engine.checkpoint;

import java.io.Serializable;

/**
 * A completed checkpoint: under {@code location}, in job directory {@code job}, number {@code id}.
 */
public record CheckpointRef(String location, String job, long id, S3Settings s3) implements Serializable {
  public CheckpointStorage open() {
    return CheckpointLocations.open(location, job, s3);
  }

  @Override
  public String toString() {
    return "checkpoint " + id + " of " + job + " in " + location;
  }
}
