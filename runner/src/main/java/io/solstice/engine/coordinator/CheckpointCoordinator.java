package io.solstice.engine.coordinator;

import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts a job's checkpoints and learns when they are complete. Every {@code interval} it asks for
 * the next checkpoint; workers whose inputs have all ended (sources) align on the request at once
 * and send barriers downstream, and every other worker aligns on those barriers. A checkpoint is
 * complete once each worker still running has aligned it. One checkpoint is in flight at a time:
 * every channel eventually delivers a barrier or ends, so a checkpoint that takes long is waited
 * for, and the log names the workers it waits on.
 *
 * <p>Alignment is what this does today: workers do not yet write state snapshots, so a completed
 * checkpoint cannot be restored from.
 */
public final class CheckpointCoordinator {
  private static final Logger LOG = LoggerFactory.getLogger(CheckpointCoordinator.class);
  private static final long SLOW_WARNING_MILLIS = 60_000;

  private final String jobId;
  private final int workers;
  private final long intervalMillis;
  private final Set<String> registered = new HashSet<>();
  private final Set<String> finished = new HashSet<>();
  private final Set<String> aligned = new HashSet<>();
  private long requested;
  private long pendingSince;
  private long nextSlowWarning;
  private boolean pending;
  private long nextTrigger;
  private long completed;
  private long lastCompletedId;

  /**
   * @param workers how many workers the job has; checkpoints start once all have registered
   * @param intervalMillis time between checkpoints; 0 or less turns them off
   */
  public CheckpointCoordinator(String jobId, int workers, long intervalMillis) {
    this.jobId = jobId;
    this.workers = workers;
    this.intervalMillis = intervalMillis;
  }

  public synchronized void register(String worker) {
    registered.add(worker);
  }

  /** {@code worker} has aligned {@code checkpointId} and sent its barriers downstream. */
  public synchronized void aligned(String worker, long checkpointId, long now) {
    if (pending && checkpointId == requested) {
      aligned.add(worker);
      completeIfDone(now);
    }
  }

  /** {@code worker} ended: it will align nothing more, and a checkpoint no longer waits for it. */
  public synchronized void finished(String worker, long now) {
    finished.add(worker);
    if (pending) {
      completeIfDone(now);
    }
  }

  /**
   * Starts the next checkpoint if it is due; the job's coordinator calls this regularly. Returns the
   * id of the checkpoint it started, or 0, so that the caller can announce it to the executors.
   */
  public synchronized long tick(long now) {
    if (intervalMillis <= 0 || registered.size() < workers || finished.size() >= workers) {
      return 0;
    }
    if (pending && now - pendingSince > nextSlowWarning) {
      LOG.warn(
          "Job {}: checkpoint {} has been aligning for {} s; still waiting for workers {}",
          jobId, requested, (now - pendingSince) / 1000, waitingFor());
      nextSlowWarning += SLOW_WARNING_MILLIS;
    }
    if (pending || now < nextTrigger) {
      return 0;
    }
    pending = true;
    pendingSince = now;
    nextSlowWarning = SLOW_WARNING_MILLIS;
    aligned.clear();
    requested++;
    LOG.debug("Job {}: checkpoint {} started", jobId, requested);
    return requested;
  }

  private Set<String> waitingFor() {
    Set<String> waiting = new TreeSet<>(registered);
    waiting.removeAll(finished);
    waiting.removeAll(aligned);
    return waiting;
  }

  private void completeIfDone(long now) {
    if (!waitingFor().isEmpty()) {
      return;
    }
    pending = false;
    completed++;
    lastCompletedId = requested;
    nextTrigger = pendingSince + intervalMillis;
    LOG.info(
        "Job {}: checkpoint {} aligned through {} running workers in {} ms",
        jobId, requested, aligned.size(), now - pendingSince);
  }

  /** How many checkpoints completed so far. */
  public synchronized long completedCount() {
    return completed;
  }

  /** The newest completed checkpoint, 0 if none. */
  public synchronized long lastCompleted() {
    return lastCompletedId;
  }
}
