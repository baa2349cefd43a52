package io.solstice.translation.runtime;

/**
 * An operator cannot snapshot its state now (a batch grouping step whose gathered input has spilled
 * to disk): the checkpoint is skipped, without counting as a failed one, and a later one is taken.
 */
public final class SnapshotNotReadyException extends Exception {
  private static final long serialVersionUID = 1L;

  public SnapshotNotReadyException(String message) {
    super(message);
  }
}
