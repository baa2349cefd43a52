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
    CANCELLED,
    /** It left a rescaled pool: {@link #handover()} and {@link #retiredState()} say with what. */
    RETIRED
  }

  private final int stage;
  private final int worker;
  private final Status status;
  private final RemoteFailure failure;
  private final byte[] metrics;
  private final WorkerProgress progress;
  private final InputHandover handover;
  private final byte[] retiredState;

  public WorkerReport(
      int stage, int worker, Status status, RemoteFailure failure, byte[] metrics, WorkerProgress progress) {
    this(stage, worker, status, failure, metrics, progress, null, null);
  }

  /**
   * @param handover what an ended or retired worker hands its partitions over with, for a rescale
   * @param retiredState a retired worker's state, as a checkpoint's state file holds it
   */
  public WorkerReport(
      int stage,
      int worker,
      Status status,
      RemoteFailure failure,
      byte[] metrics,
      WorkerProgress progress,
      InputHandover handover,
      byte[] retiredState) {
    this.handover = handover;
    this.retiredState = retiredState;
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

  /** What a worker that ended or retired hands its partitions over with; null otherwise. */
  public InputHandover handover() {
    return handover;
  }

  /** A {@link Status#RETIRED} worker's state, as a checkpoint's state file holds it; else null. */
  public byte[] retiredState() {
    return retiredState;
  }

  /** The worker's final counters, or null if it never started. */
  public WorkerProgress progress() {
    return progress;
  }
}
