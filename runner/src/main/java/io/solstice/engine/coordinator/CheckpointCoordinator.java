package io.solstice.engine.coordinator;

import io.solstice.engine.checkpoint.CheckpointManifest;
import io.solstice.engine.checkpoint.CheckpointSettings;
import io.solstice.engine.checkpoint.CheckpointStorage;
import io.solstice.engine.checkpoint.StateHandle;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts a job's checkpoints and completes them. Every interval it asks for the next checkpoint;
 * workers whose inputs have all ended (sources) align on the request at once and send barriers
 * downstream, every other worker aligns on those barriers, and each then writes its state and
 * acknowledges. Once every worker still running has acknowledged (an ended worker has no state),
 * the manifest is written, last, which completes the checkpoint; older ones beyond the retained
 * count are deleted. One checkpoint is in flight at a time. A checkpoint a worker declines (its
 * state could not be written) fails; more failures in a row than tolerated fail the job. One a
 * worker is not ready for (a batch grouping step whose input spilled to disk) is skipped. It also
 * lets elastic pools rescale, one at a time and only between checkpoints, and keeps track of the
 * workers that leave and join.
 */
public final class CheckpointCoordinator {
  private static final Logger LOG = LoggerFactory.getLogger(CheckpointCoordinator.class);
  private static final long SLOW_WARNING_MILLIS = 60_000;
  /** How long a rescale asked for during a checkpoint holds the next one back (its master retries). */
  private static final long RESCALE_WAIT_MILLIS = 30_000;

  private final String jobId;
  private int workers;
  private final CheckpointSettings settings;
  private final Supplier<CheckpointStorage> storage;
  private String shape;
  private final Set<String> registered = new HashSet<>();
  private final Rescales rescales = new Rescales();
  /** A stage whose rescale waits for the pending checkpoint to end, and until when it may. */
  private String waitingRescale;
  private long waitingRescaleUntil;
  private final Set<String> finished = new HashSet<>();
  private final TreeMap<String, StateHandle> acknowledged = new TreeMap<>();
  private final ArrayDeque<CompletedCheckpoint> recent = new ArrayDeque<>();
  private final ArrayDeque<FailedCheckpoint> failed = new ArrayDeque<>();
  private long requested;
  private long pendingSince;
  private long nextSlowWarning;
  private long longestAlignment;
  private boolean pending;
  private long nextTrigger;
  private long completed;
  private long lastCompletedId;
  private int failuresInARow;
  private String failure;
  private boolean stopped;

  /**
   * @param workers how many workers the job has; checkpoints start once all have registered
   * @param lastId the newest checkpoint id already used (the one restored from, or 0): ids go on
   *     from there, so a restored job never writes into a checkpoint that exists
   * @param storage where checkpoints go, opened on first use
   * @param shape the job's shape, kept in each manifest
   */
  public CheckpointCoordinator(
      String jobId, int workers, CheckpointSettings settings, long lastId, Supplier<CheckpointStorage> storage, String shape) {
    this.jobId = jobId;
    this.workers = workers;
    this.settings = settings;
    this.requested = lastId;
    this.storage = storage;
    this.shape = shape;
  }

  public synchronized void register(String worker) {
    registered.add(worker);
    rescales.joined(worker);
  }

  /** {@code worker} left its rescaled pool. */
  public synchronized void retired(String worker) {
    registered.remove(worker);
    leftRescaledPool(worker);
  }

  /**
   * Once every old worker of a rescaled pool has retired or ended, they are no longer the stage's:
   * the new pool's workers, which have the same names, register after.
   */
  private void leftRescaledPool(String worker) {
    List<String> old = rescales.left(worker);
    registered.removeAll(old);
    finished.removeAll(old);
  }

  /**
   * A stage master asks to rescale stage {@code stageId}'s pool, {@code leaving} its workers now
   * and {@code joining} those of the new pool. Accepted only between checkpoints, with every worker
   * registered and no other rescale under way (one asked for during a checkpoint holds the next
   * one back for a while, for its master to ask again); then no checkpoint starts until the old workers
   * have retired (or ended) and the new ones registered, and those after it record the new size
   * in the job's shape (the line JobShape writes for the stage), so that a restore divides their
   * state among as many workers as wrote it.
   */
  public synchronized boolean rescale(String stage, int stageId, List<String> leaving, List<String> joining, long now) {
    if (stopped || failure != null || rescales.busy() || registered.size() < workers) {
      return false;
    }
    boolean othersTurn = waitingRescale != null && !waitingRescale.equals(stage) && now < waitingRescaleUntil;
    if (othersTurn) {
      return false;
    }
    if (pending) {
      // The next checkpoint waits, so that checkpoints back to back cannot put a rescale off forever.
      waitingRescale = stage;
      waitingRescaleUntil = now + RESCALE_WAIT_MILLIS;
      return false;
    }
    waitingRescale = null;
    workers += joining.size() - leaving.size();
    rescales.start(stage, leaving, joining);
    shape = shape.replaceAll("(?m)^(stage " + stageId + " '.*' parallelism )\\d+$", "$1" + joining.size());
    LOG.info("Job {}: stage '{}' is rescaled from {} to {} workers; checkpoints wait for the new pool", jobId, stage,
        leaving.size(), joining.size());
    for (String worker : leaving) {
      if (finished.contains(worker)) {
        leftRescaledPool(worker);
      }
    }
    return true;
  }

  /** {@code worker} aligned {@code checkpointId}, sent its barriers and wrote its state. */
  public synchronized void acknowledge(String worker, long checkpointId, StateHandle state, long alignmentMillis, long now) {
    if (pending && checkpointId == requested) {
      acknowledged.put(worker, state);
      longestAlignment = Math.max(longestAlignment, alignmentMillis);
      completeIfDone(now);
    }
  }

  /** {@code worker} declined the checkpoint: it could not write its state, so the checkpoint fails. */
  public synchronized void decline(String worker, long checkpointId, String reason, long now) {
    if (!pending || checkpointId != requested) {
      return;
    }
    fail(reason, now);
  }

  /**
   * {@code worker} cannot snapshot now (a batch grouping step whose input spilled to disk): the
   * checkpoint is given up without counting as a failure, and the next one comes after the interval.
   */
  public synchronized void skip(String worker, long checkpointId, String reason, long now) {
    if (!pending || checkpointId != requested) {
      return;
    }
    pending = false;
    nextTrigger = nextAfterUncompleted(now);
    LOG.info("Job {}: checkpoint {} skipped, worker {} is not ready: {}", jobId, requested, worker, reason);
  }

  /** {@code worker} ended: it will align nothing more, and a checkpoint no longer waits for it. */
  public synchronized void finished(String worker, long now) {
    finished.add(worker);
    leftRescaledPool(worker);
    if (pending) {
      completeIfDone(now);
    }
  }

  /**
   * Starts the next checkpoint if it is due; the job's coordinator calls this regularly. Returns the
   * id of the checkpoint it started, or 0, so that the caller can announce it to the executors.
   */
  public synchronized long tick(long now) {
    if (stopped || failure != null) {
      return 0;
    }
    if (pending) {
      checkPending(now);
      return 0;
    }
    boolean rescaleWaits = waitingRescale != null && now < waitingRescaleUntil;
    if (!settings.enabled() || rescales.busy() || rescaleWaits || registered.size() < workers
        || finished.size() >= workers || now < nextTrigger) {
      return 0;
    }
    return start(now);
  }

  /** Fails the pending checkpoint once it is past its timeout, and warns while it is slow. */
  private void checkPending(long now) {
    if (settings.timeoutMillis() > 0 && now - pendingSince > settings.timeoutMillis()) {
      fail("it did not complete within --checkpointTimeout=" + settings.timeoutMillis() + " ms; still waiting for workers " + waitingFor(), now);
      return;
    }
    if (now - pendingSince > nextSlowWarning) {
      LOG.warn(
          "Job {}: checkpoint {} has been aligning for {} s; still waiting for workers {}",
          jobId, requested, (now - pendingSince) / 1000, waitingFor());
      nextSlowWarning += SLOW_WARNING_MILLIS;
    }
  }

  private long start(long now) {
    pending = true;
    pendingSince = now;
    nextSlowWarning = SLOW_WARNING_MILLIS;
    acknowledged.clear();
    longestAlignment = 0;
    requested++;
    LOG.debug("Job {}: checkpoint {} started", jobId, requested);
    return requested;
  }

  private Set<String> waitingFor() {
    // No worker registers or retires while a checkpoint is pending (rescales happen between them).
    Set<String> waiting = new TreeSet<>(registered);
    waiting.removeAll(finished);
    waiting.removeAll(acknowledged.keySet());
    return waiting;
  }

  private void completeIfDone(long reportedAt) {
    if (!waitingFor().isEmpty()) {
      return;
    }
    // Times come with the reports, read before the coordinator's lock: never before the start.
    long now = Math.max(reportedAt, pendingSince);
    List<String> ended = new ArrayList<>(new TreeSet<>(finished));
    ended.removeAll(acknowledged.keySet());
    CheckpointManifest manifest =
        new CheckpointManifest(jobId, requested, now, shape, new ArrayList<>(acknowledged.values()), ended);
    if (stopped) {
      return;
    }
    CheckpointStorage target;
    try {
      target = storage.get();
      target.commit(manifest);
    } catch (IOException | RuntimeException e) {
      LOG.warn("Job {}: could not write the manifest of checkpoint {}", jobId, requested, e);
      fail("its manifest could not be written: " + e, now);
      return;
    }
    try {
      target.retain(settings.retained());
    } catch (IOException | RuntimeException e) {
      // The checkpoint is complete; older ones are left for the next retention.
      LOG.warn("Job {}: could not delete checkpoints older than the {} kept in {}", jobId, settings.retained(), target.describe(), e);
    }
    pending = false;
    completed++;
    failuresInARow = 0;
    lastCompletedId = requested;
    recent.addLast(
        new CompletedCheckpoint(requested, now, now - pendingSince, longestAlignment, manifest.totalBytes(), acknowledged.size()));
    if (recent.size() > CheckpointStatus.RECENT) {
      recent.removeFirst();
    }
    nextTrigger = Math.max(pendingSince + settings.intervalMillis(), now + settings.minPauseMillis());
    LOG.info(
        "Job {}: checkpoint {} complete in {} ms (longest alignment {} ms): {} bytes of state from {} workers, {} ended",
        jobId, requested, now - pendingSince, longestAlignment, manifest.totalBytes(), acknowledged.size(), ended.size());
  }

  /** When the next checkpoint starts after one that did not complete (skipped or failed) at {@code now}. */
  private long nextAfterUncompleted(long now) {
    return now + Math.max(settings.intervalMillis(), settings.minPauseMillis());
  }

  private void fail(String reason, long now) {
    pending = false;
    failuresInARow++;
    failed.addLast(new FailedCheckpoint(requested, now, reason));
    if (failed.size() > CheckpointStatus.RECENT) {
      failed.removeFirst();
    }
    nextTrigger = nextAfterUncompleted(now);
    LOG.warn(
        "Job {}: checkpoint {} failed ({} in a row, {} tolerated): {}",
        jobId, requested, failuresInARow, settings.tolerableFailures(), reason);
    if (failuresInARow > settings.tolerableFailures()) {
      failure =
          failuresInARow + " checkpoint(s) in a row failed, more than the " + settings.tolerableFailures()
              + " --tolerableCheckpointFailures allows; the last, checkpoint " + requested + ", because " + reason;
    }
  }

  /**
   * The job's run is over (ended, failed, being restarted): no checkpoint completes from now on, so
   * that one chosen to restart from is never followed by a newer manifest.
   */
  public synchronized void stop() {
    stopped = true;
    pending = false;
  }

  /** Fails the job: its checkpoints can no longer be taken (the coordinator cannot reach executors). */
  public synchronized void failJob(String reason) {
    if (failure == null) {
      failure = reason;
    }
  }

  public synchronized CheckpointStatus status() {
    return new CheckpointStatus(
        completed,
        lastCompletedId,
        failure,
        new ArrayList<>(recent),
        pending ? requested : 0,
        pending ? pendingSince : 0,
        new ArrayList<>(failed));
  }
}
