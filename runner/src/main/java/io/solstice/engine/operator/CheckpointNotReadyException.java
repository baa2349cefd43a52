package io.solstice.engine.operator;

/**
 * A stage operator cannot take part in a checkpoint now: the worker declines it as not ready,
 * which the coordinator does not count as a failed checkpoint (as Flink does for a task that is
 * not ready), and a later checkpoint is taken.
 */
public final class CheckpointNotReadyException extends Exception {
  private static final long serialVersionUID = 1L;

  public CheckpointNotReadyException(String message, Throwable cause) {
    super(message, cause);
  }
}
