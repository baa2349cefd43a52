package io.solstice.engine.checkpoint;

import java.io.IOException;
import java.util.List;

/**
 * Where one job's checkpoints are kept. A checkpoint's state files are written first, by whoever
 * holds the state; the checkpoint exists only once its manifest is committed, last and atomically,
 * so a checkpoint cut short by a failure is never taken for a complete one.
 */
public interface CheckpointStorage extends AutoCloseable {

  /** Where the checkpoints are, for messages. */
  String describe();

  /** Writes one piece of checkpoint {@code checkpointId}'s state under {@code name}. */
  StateHandle writeState(long checkpointId, String name, byte[] data) throws IOException;

  /** Completes a checkpoint by writing its manifest; refuses to replace an existing one. */
  void commit(CheckpointManifest manifest) throws IOException;

  /** The ids of the completed checkpoints, oldest first. */
  List<Long> completed() throws IOException;

  /**
   * The highest checkpoint id with anything written, complete or not (0 if none): a job that goes
   * on here numbers its checkpoints from the next one, never writing into one that exists.
   */
  long highestId() throws IOException;

  /** Checkpoint {@code checkpointId}'s manifest; an error naming the file if missing or corrupt. */
  CheckpointManifest manifest(long checkpointId) throws IOException;

  /** One state file of a checkpoint, checked against its handle's size and checksum. */
  byte[] readState(long checkpointId, StateHandle handle) throws IOException;

  /**
   * Keeps the newest {@code retained} completed checkpoints and deletes the older ones, with any
   * checkpoint older than the newest completed one that never completed.
   */
  void retain(int retained) throws IOException;

  /** Releases its client, if it has one. */
  @Override
  default void close() {}
}
