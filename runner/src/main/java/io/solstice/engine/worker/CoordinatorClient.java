package io.solstice.engine.worker;

import io.solstice.engine.checkpoint.StateHandle;
import io.solstice.engine.control.RoleAddress;
import io.solstice.engine.coordinator.CoordinatorRequest;
import io.solstice.engine.host.ExecutorClient;
import io.solstice.engine.host.ExecutorDirectory;

/** A worker's line to its job's coordinator: checkpoints, the manual clock, quiescence. */
final class CoordinatorClient {
  private final String jobId;
  private final String worker;
  private final ExecutorClient executor;
  private final String role;

  CoordinatorClient(String jobId, String worker, RoleAddress coordinator, ExecutorDirectory executors) {
    this.jobId = jobId;
    this.worker = worker;
    this.executor = executors.client(coordinator.executor());
    this.role = coordinator.role();
  }

  void register() {
    executor.ask(jobId, role, new CoordinatorRequest.Register(worker));
  }

  void acknowledge(long checkpointId, StateHandle state, long alignmentMillis) {
    executor.ask(
        jobId,
        role,
        new CoordinatorRequest.Acknowledge(worker, checkpointId, state, alignmentMillis, System.currentTimeMillis()));
  }

  void decline(long checkpointId, String reason) {
    executor.ask(jobId, role, new CoordinatorRequest.Decline(worker, checkpointId, reason));
  }

  /** This worker cannot snapshot now: the checkpoint is skipped, not failed. */
  void notReady(long checkpointId, String reason) {
    executor.ask(jobId, role, new CoordinatorRequest.NotReady(worker, checkpointId, reason));
  }

  void finished() {
    executor.ask(jobId, role, new CoordinatorRequest.Finished(worker, System.currentTimeMillis()));
  }

  /** This worker left its rescaled pool, having acknowledged the rescale's checkpoint. */
  void retired() {
    executor.ask(jobId, role, new CoordinatorRequest.Retired(worker));
  }

  void advanceClock(long millis) {
    executor.ask(jobId, role, new CoordinatorRequest.AdvanceClock(millis));
  }

  boolean quiescent() {
    return (Boolean) executor.ask(jobId, role, new CoordinatorRequest.IsQuiescent(worker));
  }
}
