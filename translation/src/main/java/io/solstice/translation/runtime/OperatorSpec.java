package io.solstice.translation.runtime;

import java.io.Serializable;

/** Creates the operator of one transform on each worker. */
public interface OperatorSpec extends Serializable {
  Operator create() throws Exception;

  /**
   * Whether the operator's state can be snapshotted at checkpoints. Batch operators that gather
   * their whole bounded input in memory cannot (yet): a job using them runs without checkpoints.
   */
  default boolean checkpointable() {
    return true;
  }
}
