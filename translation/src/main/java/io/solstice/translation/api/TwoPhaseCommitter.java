package io.solstice.translation.api;

import java.util.List;

/**
 * A DoFn that writes to an outside system in two phases tied to Solstice's checkpoints, as Flink's
 * two-phase committing sinks do. SolsticeRunner calls these on the DoFn it runs:
 *
 * <ul>
 *   <li>when a checkpoint's snapshot is taken, {@link #preCommit}: make everything written since the
 *       last commit durable but not yet visible, and return what committing it (or recovering it)
 *       needs, which goes into the checkpoint;
 *   <li>when that checkpoint completes, {@link #commit}: make it visible;
 *   <li>after a restart from a checkpoint, {@link #recover} with what that checkpoint pre-committed
 *       and had not committed: commit it unless it already is.
 * </ul>
 *
 * <p>Until every write is committed the worker does not end, so a job's last writes wait for one
 * more checkpoint. With checkpoints off, or on a runner that never calls these, {@link #open} says
 * so (or is never called) and the DoFn commits in its own bundles.
 */
public interface TwoPhaseCommitter {

  /**
   * Called after the DoFn's setup, before any element.
   *
   * @param workerIndex which of its stage's workers runs this instance: stable across restarts, so
   *     it can name what this instance leaves open (a Kafka transactional id)
   * @param checkpointing whether checkpoints call {@link #preCommit} and {@link #commit}
   */
  void open(int workerIndex, boolean checkpointing) throws Exception;

  /** Whether anything written is not yet committed. */
  boolean hasUncommitted();

  /** A snapshot for {@code checkpointId} is being taken, between bundles. */
  byte[] preCommit(long checkpointId) throws Exception;

  /** Checkpoint {@code checkpointId} (and every earlier one) completed. */
  void commit(long checkpointId) throws Exception;

  /**
   * The job restarted from a checkpoint whose snapshot held these pre-commits (oldest first), not
   * known to be committed. Called after {@link #open}, before any element.
   */
  void recover(List<byte[]> preCommitted) throws Exception;
}
