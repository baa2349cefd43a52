package io.solstice.runner;

import io.solstice.engine.Serialization;
import io.solstice.engine.control.StageProgress;
import io.solstice.engine.control.WorkerProgress;
import io.solstice.engine.control.PoolSize;
import io.solstice.engine.control.WorkerReport;
import io.solstice.runner.status.StatusServer;
import io.solstice.engine.coordinator.CompletedCheckpoint;
import io.solstice.engine.job.JobExecution;
import io.solstice.engine.job.JobState;
import io.solstice.translation.runtime.StageMetrics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.beam.runners.core.metrics.MetricsContainerStepMap;
import org.apache.beam.sdk.Pipeline.PipelineExecutionException;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.MetricResults;
import org.apache.beam.sdk.util.UserCodeException;
import org.joda.time.Duration;

/** The result of a Solstice job: its state, its metrics, and a way to wait for or cancel it. */
public final class SolsticePipelineResult implements PipelineResult {
  private final JobExecution job;
  private final byte[] driverMetrics;
  private final StatusServer status;

  /** @param status the job's status server, or null if it has none */
  SolsticePipelineResult(JobExecution job, MetricsContainerStepMap driverMetrics, StatusServer status) {
    this.job = job;
    this.status = status;
    this.driverMetrics = Serialization.toBytes(new StageMetrics.Snapshot(driverMetrics, driverMetrics));
  }

  /** The address of the job's status page while it runs, or null without one (--statusPort=-1). */
  public String statusUrl() {
    return status == null ? null : status.url();
  }

  /** How far the running job has got (all zero once it has ended). */
  public SourceProgress sourceProgress() {
    long splitsRead = 0;
    long splits = 0;
    long elementsIn = 0;
    for (StageProgress stage : job.progress()) {
      int seeds = job.graph().seedCount(stage.stage());
      long stageSplits = 0;
      for (WorkerProgress worker : stage.workers()) {
        stageSplits += worker.splitsIn();
        elementsIn += worker.elementsIn();
      }
      splits += seeds;
      splitsRead += Math.min(seeds, stageSplits);
    }
    return new SourceProgress(splitsRead, splits, elementsIn);
  }

  /** The engine's id of this job, as it appears in logs. */
  public String jobId() {
    return job.jobId();
  }

  @Override
  public State getState() {
    return toBeam(job.state());
  }

  @Override
  public State cancel() {
    job.cancel();
    try {
      return toBeam(job.waitUntilFinish(java.time.Duration.ofSeconds(60)));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return getState();
    }
  }

  /**
   * Waits for the job to end or the timeout to pass.
   *
   * @return the final state, or null if the job is still running after {@code duration}
   * @throws PipelineExecutionException if the job failed; its cause is the user code's exception
   */
  @Override
  public State waitUntilFinish(Duration duration) {
    JobState state;
    try {
      state = job.waitUntilFinish(duration == null ? null : java.time.Duration.ofMillis(duration.getMillis()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
    if (state == JobState.FAILED) {
      throw failure();
    }
    return state.isTerminal() ? toBeam(state) : null;
  }

  @Override
  public State waitUntilFinish() {
    return waitUntilFinish(null);
  }

  @Override
  public MetricResults metrics() {
    List<byte[]> snapshots = new ArrayList<>();
    List<StageProgress> progress = job.progress();
    for (StageProgress stage : progress) {
      snapshots.addAll(stage.metrics());
    }
    if (job.state().isTerminal()) {
      snapshots.clear();
      for (WorkerReport report : job.workerReports()) {
        if (report.metrics() != null) {
          snapshots.add(report.metrics());
        }
      }
    }
    snapshots.add(driverMetrics);
    return SolsticeMetrics.merge(snapshots, PoolSizeMetrics.of(progress, job.poolSizes()));
  }

  /**
   * Where the job runs: one line per executor, with its Ray actor name, process id and node (in
   * Ray's local mode, the one executor in this JVM).
   */
  public List<String> executors() {
    return job.executors();
  }

  /** How many checkpoints the job has completed (see {@code --checkpointingInterval}). */
  public long completedCheckpoints() {
    return job.completedCheckpoints();
  }

  /**
   * The job's completed checkpoints, oldest first, over every attempt: id, when it completed, its
   * duration, its longest alignment, its size and how many workers wrote state.
   */
  public List<CompletedCheckpoint> checkpoints() {
    return job.checkpoints();
  }

  /**
   * Per restart after a failure, the checkpoint the job restarted from (0: from the start, none
   * had completed); empty if the job never restarted.
   */
  public List<Long> restoredFrom() {
    return job.restoredFrom();
  }

  /**
   * The checkpoint the job started from, as {@code checkpoint <id> of <job> in <location>}, or
   * null if it started from the beginning.
   */
  public String startedFrom() {
    return job.startedFrom() == null ? null : job.startedFrom().toString();
  }

  /** What the job's workers published on its edges; complete once the job has ended. */
  /**
   * Per stage (named as in the progress log), its workers over time: its first pool's size, then
   * the size after each rescale of an elastic pool, each from when it started. Complete once the
   * job has finished (the last attempt's, after restarts).
   */
  public Map<String, List<PoolSize>> poolSizes() {
    return job.poolSizes();
  }

  /** How many workers left elastic pools as they were rescaled (each rescale retires the whole old pool). */
  public long retiredWorkers() {
    return job.workerReports().stream().filter(r -> r.status() == WorkerReport.Status.RETIRED).count();
  }

  public DataMoved dataMoved() {
    return DataMoved.sum(job.workerReports());
  }

  /** Split payloads the job had not freed when it ended; for tests of memory hygiene. */
  public long payloadsLeftAtEnd() {
    return job.payloadsLeftAtEnd();
  }

  private RuntimeException failure() {
    Throwable cause = job.failure();
    if (cause instanceof UserCodeException && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return new PipelineExecutionException(cause);
  }

  private static State toBeam(JobState state) {
    switch (state) {
      case RUNNING:
        return State.RUNNING;
      case DONE:
        return State.DONE;
      case FAILED:
        return State.FAILED;
      case CANCELLED:
        return State.CANCELLED;
      default:
        return State.UNKNOWN;
    }
  }
}
