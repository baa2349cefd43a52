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

  /**
   * Whether, with checkpoints on, the operator holds input, output or its end until a checkpoint
   * completes (input held for stable input, a two-phase sink's commits, bundle finalizers): a step
   * downstream that cannot take part in checkpoints would then wait for it forever.
   */
  default boolean waitsForCheckpoints() {
    return false;
  }
}
