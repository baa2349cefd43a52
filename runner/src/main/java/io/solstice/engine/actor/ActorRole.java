package io.solstice.engine.actor;

/** The work a {@link SolsticeActor} hosts: a stage master or a stage worker. */
public interface ActorRole {

  /** Runs to the end; returns a serialized report. Never throws. */
  byte[] run();

  void cancel();

  /** A serialized view of live progress. */
  byte[] progress();

  /** The latest opaque metrics snapshot, or an empty array. */
  byte[] metrics();
}
