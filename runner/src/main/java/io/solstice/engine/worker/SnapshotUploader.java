package io.solstice.engine.worker;

import io.solstice.engine.Memoized;
import io.solstice.engine.checkpoint.CheckpointStorage;
import io.solstice.engine.checkpoint.StateHandle;
import io.solstice.engine.fault.FaultInjector;
import io.solstice.engine.fault.FaultPoint;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a worker's state files on a thread of its own, so that the worker goes on processing while
 * its state is written (the asynchronous part of a snapshot), then acknowledges the checkpoint to
 * the coordinator, or declines it if the write failed. One write at a time, in checkpoint order.
 */
final class SnapshotUploader implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SnapshotUploader.class);

  private final String worker;
  private final String fileName;
  private final Memoized<CheckpointStorage> storage;
  private final CoordinatorClient coordinator;
  private final FaultInjector faults;
  private ExecutorService thread;
  private Future<?> last;
  private volatile RuntimeException reportFailure;

  /**
   * @param storage opened on first use: a job whose checkpoints never run never touches it
   */
  SnapshotUploader(
      String worker,
      String fileName,
      Memoized<CheckpointStorage> storage,
      CoordinatorClient coordinator,
      FaultInjector faults) {
    this.faults = faults;
    this.worker = worker;
    this.fileName = fileName;
    this.storage = storage;
    this.coordinator = coordinator;
  }

  void upload(long checkpointId, byte[] state, long alignmentMillis) {
    if (thread == null) {
      thread =
          Executors.newSingleThreadExecutor(
              r -> {
                Thread t = new Thread(r, "snapshot upload " + worker);
                t.setDaemon(true);
                return t;
              });
    }
    last = thread.submit(() -> write(checkpointId, state, alignmentMillis));
  }

  private void write(long checkpointId, byte[] state, long alignmentMillis) {
    try {
      StateHandle handle;
      try {
        handle = storage.get().writeState(checkpointId, fileName, state);
      } catch (Exception e) {
        LOG.warn("Worker {} could not write its state for checkpoint {}", worker, checkpointId, e);
        coordinator.decline(checkpointId, "worker " + worker + " could not write its state: " + e);
        return;
      }
      faults.reached(FaultPoint.UPLOADING);
      coordinator.acknowledge(checkpointId, handle, alignmentMillis);
      faults.reached(FaultPoint.ACKNOWLEDGED);
    } catch (RuntimeException e) {
      // The coordinator never heard: the checkpoint would wait for this worker forever.
      reportFailure =
          new IllegalStateException(
              "Worker " + worker + " could not report checkpoint " + checkpointId + " to the job's coordinator", e);
    }
  }

  /** Throws if a checkpoint could not be reported: the worker then fails rather than stall them. */
  void checkReported() {
    RuntimeException failure = reportFailure;
    if (failure != null) {
      throw failure;
    }
  }

  /** Waits until every write asked for so far has been acknowledged or declined. */
  void awaitIdle() throws InterruptedException {
    if (last == null) {
      return;
    }
    try {
      last.get();
    } catch (ExecutionException e) {
      LOG.warn("Worker {}: a state upload failed", worker, e.getCause());
    }
  }

  @Override
  public void close() {
    if (thread != null) {
      thread.shutdownNow();
    }
    storage.ifMade(CheckpointStorage::close);
  }
}
