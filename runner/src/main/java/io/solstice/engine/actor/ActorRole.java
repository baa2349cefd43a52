package io.solstice.engine.actor;

/** The work a {@link SolsticeActor} hosts: a stage master or a stage worker. */
public interface ActorRole {

  /** Runs to the end; returns a serialized report. Never throws. */
  byte[] run();

  void cancel();

  /**
   * Called by the stage master once every worker of the stage has ended: a worker that succeeded
   * keeps its operator open until then, so no DoFn instance is torn down while others of its stage
   * still run.
   */
  default void release() {}

  /** A serialized view of live progress. */
  byte[] progress();

  /** The latest opaque metrics snapshot, or an empty array. */
  byte[] metrics();
}
