package io.solstice.engine.coordinator;

import io.solstice.engine.checkpoint.StateHandle;
import io.solstice.engine.control.RoleRequest;

/** The messages a job's workers and driver send to its {@link JobCoordinator}. */
public final class CoordinatorRequest {
  private CoordinatorRequest() {}

  /** A worker has started and takes part in checkpoints. */
  public static final class Register implements RoleRequest {
    private static final long serialVersionUID = 1L;
    final String worker;

    public Register(String worker) {
      this.worker = worker;
    }
  }

  /**
   * A worker aligned a checkpoint, sent its barriers downstream and wrote its state: {@code state}
   * is its state file in the checkpoint.
   */
  public static final class Acknowledge implements RoleRequest {
    private static final long serialVersionUID = 1L;
    final String worker;
    final long checkpointId;
    final StateHandle state;
    final long alignmentMillis;
    final long at;

    public Acknowledge(String worker, long checkpointId, StateHandle state, long alignmentMillis, long at) {
      this.worker = worker;
      this.checkpointId = checkpointId;
      this.state = state;
      this.alignmentMillis = alignmentMillis;
      this.at = at;
    }
  }

  /** A worker could not take its part in a checkpoint: its state could not be written. */
  public static final class Decline implements RoleRequest {
    private static final long serialVersionUID = 1L;
    final String worker;
    final long checkpointId;
    final String reason;

    public Decline(String worker, long checkpointId, String reason) {
      this.worker = worker;
      this.checkpointId = checkpointId;
      this.reason = reason;
    }
  }

  /**
   * A worker cannot snapshot now (a batch grouping step with input spilled to disk): the checkpoint
   * is skipped without counting as a failure.
   */
  public static final class NotReady implements RoleRequest {
    private static final long serialVersionUID = 1L;
    final String worker;
    final long checkpointId;
    final String reason;

    public NotReady(String worker, long checkpointId, String reason) {
      this.worker = worker;
      this.checkpointId = checkpointId;
      this.reason = reason;
    }
  }

  /** A worker ended; checkpoints no longer wait for it. */
  public static final class Finished implements RoleRequest {
    private static final long serialVersionUID = 1L;
    final String worker;
    final long at;

    public Finished(String worker, long at) {
      this.worker = worker;
      this.at = at;
    }
  }

  /** Moves the job's manual clock forward (a TestStream's processing-time event). */
  public static final class AdvanceClock implements RoleRequest {
    private static final long serialVersionUID = 1L;
    final long millis;

    public AdvanceClock(long millis) {
      this.millis = millis;
    }
  }

  /** Whether the job is quiescent, asked by a worker that drives the clock (a TestStream). */
  public static final class IsQuiescent implements RoleRequest {
    private static final long serialVersionUID = 1L;
    final String worker;

    public IsQuiescent(String worker) {
      this.worker = worker;
    }
  }

  /** The driver is about to send {@code messages} onto the job's queues (seeding). */
  public static final class DriverSent implements RoleRequest {
    private static final long serialVersionUID = 1L;
    final long messages;

    public DriverSent(long messages) {
      this.messages = messages;
    }
  }

  /** How checkpoints went so far (a {@link CheckpointStatus}). */
  public static final class Status implements RoleRequest {
    private static final long serialVersionUID = 1L;
  }

  /** A worker left its rescaled pool (after acknowledging the rescale's checkpoint). */
  public static final class Retired implements RoleRequest {
    private static final long serialVersionUID = 1L;
    final String worker;

    public Retired(String worker) {
      this.worker = worker;
    }
  }

  /**
   * A stage master rescales its pool: {@code leaving} retire now, {@code joining} then start. The
   * answer ({@code Boolean}) is false while a checkpoint or another rescale is under way.
   */
  public static final class Rescale implements RoleRequest {
    private static final long serialVersionUID = 1L;
    final String stage;
    final int stageId;
    final java.util.List<String> leaving;
    final java.util.List<String> joining;

    public Rescale(String stage, int stageId, java.util.List<String> leaving, java.util.List<String> joining) {
      this.stage = stage;
      this.stageId = stageId;
      this.leaving = java.util.List.copyOf(leaving);
      this.joining = java.util.List.copyOf(joining);
    }
  }
}
