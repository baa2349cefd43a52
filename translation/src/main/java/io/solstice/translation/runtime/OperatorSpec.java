package io.solstice.translation.runtime;

import java.io.Serializable;

/** Creates the operator of one transform on each worker. */
public interface OperatorSpec extends Serializable {
  Operator create() throws Exception;

  /**
   * Whether the operator keeps state of each worker's own rather than per key group (side inputs
   * and elements waiting for them, a sink's transactions, input held for stable input, a test
   * stream's position): such state cannot be divided among another number of workers.
   */
  default boolean keepsWorkerState() {
    return false;
  }
}
