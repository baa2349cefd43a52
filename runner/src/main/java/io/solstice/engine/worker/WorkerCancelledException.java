package io.solstice.engine.worker;

/** Thrown on a worker thread once its job is cancelled or failing elsewhere. */
public final class WorkerCancelledException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public WorkerCancelledException(String message) {
    super(message);
  }
}
