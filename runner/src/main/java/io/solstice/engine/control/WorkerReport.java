package io.solstice.engine.control;

import io.solstice.engine.RemoteFailure;
import java.io.Serializable;

/** How a worker ended: its status, its failure if any, its final metrics and counters. */
public final class WorkerReport implements Serializable {
  private static final long serialVersionUID = 1L;

  /** How a worker's run ended. */
  public enum Status {
    SUCCEEDED,
    FAILED,
    CANCELLED
  }

  private final int stage;
  private final int worker;
  private final Status status;
  private final RemoteFailure failure;
  private final byte[] metrics;
  private final WorkerProgress progress;

  public WorkerReport(
      int stage, int worker, Status status, RemoteFailure failure, byte[] metrics, WorkerProgress progress) {
    this.stage = stage;
    this.worker = worker;
    this.status = status;
    this.failure = failure;
    this.metrics = metrics;
    this.progress = progress;
  }

  public int stage() {
    return stage;
  }

  public int worker() {
    return worker;
  }

  public Status status() {
    return status;
  }

  /** The failure of a {@link Status#FAILED} worker, else null. */
  public RemoteFailure failure() {
    return failure;
  }

  /** The operator's last metrics snapshot (opaque to the engine), or null if it never ran. */
  public byte[] metrics() {
    return metrics;
  }

  /** The worker's final counters, or null if it never started. */
  public WorkerProgress progress() {
    return progress;
  }
}
