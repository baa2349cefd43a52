package io.solstice.engine.job;

import io.solstice.engine.EngineConfig;
import io.solstice.engine.checkpoint.CheckpointLocations;
import io.solstice.engine.checkpoint.CheckpointRef;
import io.solstice.engine.checkpoint.CheckpointStorage;
import io.solstice.engine.control.StageProgress;
import io.solstice.engine.control.WorkerReport;
import io.solstice.engine.coordinator.CheckpointStatus;
import io.solstice.engine.coordinator.CompletedCheckpoint;
import io.solstice.engine.coordinator.FailedCheckpoint;
import io.solstice.engine.control.PoolSize;
import io.solstice.engine.graph.JobGraph;
import io.solstice.engine.graph.StageSpec;
import io.solstice.engine.queue.TopicNames;
import io.solstice.engine.ray.RaySession;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.ToLongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one job graph on Ray from the driver, as one or more {@link JobAttempt}s: when an attempt
 * fails and restarts are left (--maxRestarts), the job waits (--restartDelay) and runs a new
 * attempt from its latest completed checkpoint, or from the start if none completed yet; once they
 * are used up it fails, listing every attempt's failure. Cancelling stops the running attempt.
 */
public final class JobExecution {
  private static final Logger LOG = LoggerFactory.getLogger(JobExecution.class);

  private final JobGraph graph;
  private final EngineConfig config;
  private final String jobId;
  private final String shape;
  private final AutoCloseable ownedResource;
  private final CountDownLatch finished = new CountDownLatch(1);
  private final List<Throwable> attemptFailures = new CopyOnWriteArrayList<>();
  private volatile JobState state = JobState.RUNNING;
  private volatile Throwable failure;
  private volatile boolean cancelRequested;
  private volatile JobAttempt attempt;
  private volatile long completedCheckpoints;
  private final List<CompletedCheckpoint> endedAttemptsCheckpoints = new CopyOnWriteArrayList<>();
  private final List<FailedCheckpoint> endedAttemptsFailedCheckpoints = new CopyOnWriteArrayList<>();
  private volatile long payloadsLeftAtEnd;
  private volatile int restarts;
  private CheckpointRef restoredAtStart;
  private final List<Long> restoredFrom = new CopyOnWriteArrayList<>();
  private final List<Runnable> whenFinished = new ArrayList<>();
  private final long startMillis = System.currentTimeMillis();

  private JobExecution(JobGraph graph, EngineConfig config, AutoCloseable ownedResource) {
    this.graph = graph;
    this.config = config;
    this.jobId = TopicNames.sanitize(graph.name()) + "-" + UUID.randomUUID().toString().substring(0, 8);
    this.shape = JobShape.of(graph, config.maxKeyGroups());
    this.ownedResource = ownedResource;
  }

  /** Starts the job and returns at once; use {@link #waitUntilFinish(Duration)} to wait. */
  public static JobExecution start(JobGraph graph, EngineConfig config) {
    return start(graph, config, null);
  }

  /**
   * Starts the job; {@code ownedResource} (an embedded broker, say) is closed once the job has
   * ended and cleaned up.
   */
  public static JobExecution start(JobGraph graph, EngineConfig config, AutoCloseable ownedResource) {
    int workers = workerCount(graph);
    if (workers > config.maxWorkers()) {
      throw new IllegalArgumentException(
          String.format(
              "Job %s needs %d workers (%d stages), more than the limit of %d. Lower the"
                  + " parallelism or raise the worker limit.",
              graph.name(), workers, graph.stages().size(), config.maxWorkers()));
    }
    config.faults().check(stageParallelism(graph));
    JobExecution job = new JobExecution(graph, config, ownedResource);
    if (config.checkpoints().enabled()) {
      // An unreachable bucket, a wrong endpoint or credentials fail here, before anything runs.
      config.checkpoints().storage(job.jobId).close();
    }
    RestorePlan restore = job.initialRestore();
    RaySession.acquire(config);
    JobAttempt first =
        new JobAttempt(
            graph, config, job.jobId, job.jobId, job.shape, restore, restore.checkpointId(), config.faults().forAttempt(1));
    job.attempt = first;
    try {
      first.open();
    } catch (RuntimeException e) {
      job.failure = e;
      first.cleanUp(true);
      RaySession.release();
      job.closeOwnedResource();
      throw e;
    }
    Thread monitor = new Thread(job::monitor, "solstice-job-" + job.jobId);
    monitor.setDaemon(true);
    monitor.start();
    LOG.info(
        "Started job {}: {} stages, {} workers, {} edges, {} executor(s)",
        job.jobId,
        graph.stages().size(),
        workers,
        graph.edges().size(),
        first.executorCount());
    if (!config.faults().isEmpty()) {
      LOG.warn("Job {} injects faults (a fault-injection trial): {}", job.jobId, config.faults());
    }
    return job;
  }

  /**
   * With --restoreFromCheckpoint, that checkpoint, read and checked before anything starts: a
   * missing, corrupt or mismatched one fails the job at once, never starting it afresh.
   */
  private RestorePlan initialRestore() {
    if (config.restoreFrom() == null) {
      return RestorePlan.fresh();
    }
    try {
      restoredAtStart = CheckpointLocations.find(config.restoreFrom(), config.checkpoints().location(), config.checkpoints().s3());
      RestorePlan plan = RestorePlan.of(restoredAtStart, graph, shape);
      LOG.info("Job {} starts from {}", jobId, restoredAtStart);
      return plan;
    } catch (IOException e) {
      throw new IllegalStateException(
          "Job " + jobId + " cannot start from --restoreFromCheckpoint=" + config.restoreFrom() + ": " + e.getMessage(), e);
    }
  }

  private static Map<String, Integer> stageParallelism(JobGraph graph) {
    Map<String, Integer> parallelism = new LinkedHashMap<>();
    graph.stages().forEach(stage -> parallelism.put(stage.name(), stage.parallelism()));
    return parallelism;
  }

  static int workerCount(JobGraph graph) {
    return graph.stages().stream().mapToInt(StageSpec::parallelism).sum();
  }

  public String jobId() {
    return jobId;
  }

  public JobGraph graph() {
    return graph;
  }

  /** When the job was started, in epoch milliseconds. */
  public long startMillis() {
    return startMillis;
  }

  /**
   * Runs {@code action} once the job has ended (at once if it already has), before {@link
   * #waitUntilFinish} returns.
   */
  public void whenFinished(Runnable action) {
    synchronized (whenFinished) {
      if (!state.isTerminal()) {
        whenFinished.add(action);
        return;
      }
    }
    action.run();
  }

  public JobState state() {
    return state;
  }

  /** The job's failure, or null. */
  public Throwable failure() {
    return failure;
  }

  /** Each failed attempt's failure, oldest first: those the job restarted after, then its own. */
  public List<Throwable> attemptFailures() {
    List<Throwable> all = new ArrayList<>(attemptFailures);
    Throwable last = failure;
    if (last != null) {
      // After restarts the job's failure lists them all, around the last attempt's (finalFailure).
      all.add(all.isEmpty() || last.getCause() == null ? last : last.getCause());
    }
    return all;
  }

  /** How many times the job restarted after a failure. */
  public int restarts() {
    return restarts;
  }

  /** The checkpoint the job started from (--restoreFromCheckpoint), or null. */
  public CheckpointRef startedFrom() {
    return restoredAtStart;
  }

  /** Per restart, the checkpoint it started from (0: the start, as none had completed). */
  public List<Long> restoredFrom() {
    return List.copyOf(restoredFrom);
  }

  /** Waits up to {@code timeout} (forever if null); returns the state then. */
  public JobState waitUntilFinish(Duration timeout) throws InterruptedException {
    if (timeout == null) {
      finished.await();
    } else {
      finished.await(Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS);
    }
    return state;
  }

  public void cancel() {
    if (state.isTerminal()) {
      return;
    }
    cancelRequested = true;
    attempt.cancel();
  }

  /** The job's executors: index, Ray actor name, process id and node. */
  public List<String> executors() {
    return attempt.executorDescriptions();
  }

  /** Final reports of every worker of the last attempt; complete once the job is terminal. */
  public List<WorkerReport> workerReports() {
    return attempt.workerReports();
  }

  /**
   * Per stage name, its pool sizes in turn, each from when it started: the first, then after each
   * rescale of an elastic pool; complete once the job is terminal.
   */
  public Map<String, List<PoolSize>> poolSizes() {
    Map<String, List<PoolSize>> sizes = new TreeMap<>();
    attempt.poolSizes().forEach((stage, list) -> sizes.put(graph.stage(stage).name(), list));
    return sizes;
  }

  /** Split payloads still held when the job ended (then freed); 0 unless something leaked. */
  public long payloadsLeftAtEnd() {
    return payloadsLeftAtEnd;
  }

  /** How many checkpoints have completed, over every attempt. */
  public long completedCheckpoints() {
    return checkpointHistory().completedCount();
  }

  /**
   * The job's completed checkpoints, oldest first, over every attempt (the newest {@link
   * CheckpointStatus#RECENT} of each): id, duration, alignment and size.
   */
  public List<CompletedCheckpoint> checkpoints() {
    return checkpointHistory().completed();
  }

  /** The job's checkpoints over every attempt: completed, failed and in flight. */
  public CheckpointHistory checkpointHistory() {
    CheckpointStatus live = state.isTerminal() ? CheckpointStatus.none() : attempt.checkpointStatus();
    return new CheckpointHistory(
        completedCheckpoints + live.completed(),
        byId(endedAttemptsCheckpoints, live.recent(), CompletedCheckpoint::id),
        byId(endedAttemptsFailedCheckpoints, live.failed(), FailedCheckpoint::id),
        live.inFlight(),
        live.inFlightSinceMillis());
  }

  /** Ended attempts' checkpoints, then the running one's, by id: an attempt that just ended may be in both. */
  private static <T> List<T> byId(List<T> ended, List<T> live, ToLongFunction<T> id) {
    Map<Long, T> all = new TreeMap<>();
    ended.forEach(c -> all.put(id.applyAsLong(c), c));
    live.forEach(c -> all.put(id.applyAsLong(c), c));
    return new ArrayList<>(all.values());
  }

  /** Live counters and metrics of every stage; empty once the job has ended. */
  public List<StageProgress> progress() {
    return state.isTerminal() ? new ArrayList<>() : attempt.progress();
  }

  private void monitor() {
    try {
      JobAttempt current = attempt;
      while (current != null) {
        Throwable attemptFailure = current.run();
        if (attemptFailure == null || cancelRequested || restarts >= config.maxRestarts()) {
          failure = attemptFailure == null ? null : finalFailure(attemptFailure);
          end(current, failure != null);
          break;
        }
        attemptFailures.add(attemptFailure);
        end(current, true);
        current = restart(attemptFailure);
      }
    } finally {
      RaySession.release();
      closeOwnedResource();
      state = failure != null ? JobState.FAILED : cancelRequested ? JobState.CANCELLED : JobState.DONE;
      LOG.info("Job {} finished: {}", jobId, state);
      // Before the wait ends: whoever waits for the job sees what these actions do (a last metrics push).
      runWhenFinished();
      finished.countDown();
    }
  }

  /** The next attempt, from the latest completed checkpoint; null if the job fails instead. */
  private JobAttempt restart(Throwable cause) {
    restarts++;
    LOG.warn(
        "Job {} failed; restart {} of {} in {} ms. The failure: {}",
        jobId, restarts, config.maxRestarts(), config.restartDelayMillis(), cause.toString());
    RestorePlan restore;
    long lastId;
    try {
      Thread.sleep(config.restartDelayMillis());
      if (config.checkpoints().enabled()) {
        try (CheckpointStorage own = ownCheckpoints()) {
          restore = latestCheckpoint(own);
          lastId = Math.max(restore.checkpointId(), own.highestId());
        }
      } else {
        restore = latestCheckpoint(null);
        lastId = restore.checkpointId();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      failure = finalFailure(cause);
      return null;
    } catch (RuntimeException | IOException e) {
      LOG.error("Job {} could not restart", jobId, e);
      failure = finalFailure(new IllegalStateException("Job " + jobId + " could not restart: " + e.getMessage(), e));
      return null;
    }
    if (cancelRequested) {
      failure = null;
      return null;
    }
    JobAttempt next =
        new JobAttempt(
            graph, config, jobId + "-r" + restarts, jobId, shape, restore, lastId, config.faults().forAttempt(restarts + 1));
    attempt = next;
    try {
      next.open();
    } catch (RuntimeException e) {
      LOG.error("Job {} could not restart", jobId, e);
      failure = finalFailure(new IllegalStateException("Job " + jobId + " could not restart: " + e.getMessage(), e));
      next.cleanUp(true);
      return null;
    }
    restoredFrom.add(restore.checkpointId());
    LOG.info(
        "Job {}: attempt {} started from {}",
        jobId,
        next.id(),
        restore.checkpointId() == 0 ? "the start (no checkpoint had completed)" : "checkpoint " + restore.checkpointId());
    return next;
  }

  private CheckpointStorage ownCheckpoints() {
    return config.checkpoints().storage(jobId);
  }

  /**
   * Where a restart starts: the job's latest completed checkpoint; else the one it was started
   * from; else the beginning.
   */
  private RestorePlan latestCheckpoint(CheckpointStorage own) throws IOException {
    List<Long> completed = own == null ? List.of() : own.completed();
    if (!completed.isEmpty()) {
      CheckpointRef latest =
          new CheckpointRef(config.checkpoints().location(), jobId, completed.get(completed.size() - 1), config.checkpoints().s3());
      return RestorePlan.of(latest, graph, shape);
    }
    return restoredAtStart == null ? RestorePlan.fresh() : RestorePlan.of(restoredAtStart, graph, shape);
  }

  /** The failure of the job: the last attempt's, with the earlier ones listed and attached. */
  private Throwable finalFailure(Throwable last) {
    if (attemptFailures.isEmpty()) {
      return last;
    }
    StringBuilder message =
        new StringBuilder("Job " + jobId + " failed after " + restarts + " restart(s) (--maxRestarts=" + config.maxRestarts() + "). Failures:");
    int n = 1;
    for (Throwable earlier : attemptFailures) {
      message.append("\n  attempt ").append(n++).append(": ").append(earlier);
    }
    message.append("\n  attempt ").append(n).append(": ").append(last);
    RuntimeException failure = new RuntimeException(message.toString(), last);
    attemptFailures.forEach(failure::addSuppressed);
    return failure;
  }

  /** Cleans up an attempt and keeps what the job reports of it. */
  private void end(JobAttempt ended, boolean failed) {
    CheckpointStatus checkpoints = ended.checkpointStatus();
    completedCheckpoints += checkpoints.completed();
    endedAttemptsCheckpoints.addAll(checkpoints.recent());
    endedAttemptsFailedCheckpoints.addAll(checkpoints.failed());
    ended.cleanUp(failed);
    payloadsLeftAtEnd = ended.payloadsLeft();
    if (payloadsLeftAtEnd > 0 && failure == null && !cancelRequested) {
      LOG.warn("Job {} ended with {} split payloads never consumed", jobId, payloadsLeftAtEnd);
    }
    if (ended.unfinishedWorkers() > 0) {
      LOG.warn("Job {}: {} worker thread(s) did not stop", jobId, ended.unfinishedWorkers());
    }
  }

  private void runWhenFinished() {
    List<Runnable> actions;
    synchronized (whenFinished) {
      actions = new ArrayList<>(whenFinished);
      whenFinished.clear();
    }
    for (Runnable action : actions) {
      try {
        action.run();
      } catch (RuntimeException e) {
        LOG.warn("Job {}: an action at its end failed", jobId, e);
      }
    }
  }

  private void closeOwnedResource() {
    if (ownedResource != null) {
      try {
        ownedResource.close();
      } catch (Exception e) {
        LOG.warn("Job {}: closing {} failed", jobId, ownedResource, e);
      }
    }
  }
}
