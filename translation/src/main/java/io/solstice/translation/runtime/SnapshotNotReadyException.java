package io.solstice.translation.runtime;

/**
 * An operator cannot snapshot its state yet (a batch operator still gathering its bounded input in
 * memory): the checkpoint is declined and a later one taken, without counting as a failure.
 */
public final class SnapshotNotReadyException extends Exception {
  private static final long serialVersionUID = 1L;

  public SnapshotNotReadyException(String message) {
    super(message);
  }
}
