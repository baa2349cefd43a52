package io.solstice.runner;

import io.solstice.engine.job.JobExecution;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.beam.sdk.metrics.MetricsOptions;
import org.apache.beam.sdk.metrics.MetricsSink;
import org.apache.beam.sdk.util.InstanceBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pushes a job's metrics to the sink {@code --metricsSink} names, every {@code --metricsPushPeriod}
 * seconds while it runs and once more when it has ended, as Beam's {@code MetricsPusher} does for
 * the runners it serves. That class reads a {@code MetricsContainerStepMap} its runner keeps
 * current; Solstice's metrics are its workers' snapshots, merged at each read, so this reads them
 * through the job's result instead.
 */
final class MetricsPushing {
  private static final Logger LOG = LoggerFactory.getLogger(MetricsPushing.class);

  private final MetricsSink sink;
  private final long periodSeconds;
  private SolsticePipelineResult result;
  private String jobId;

  private MetricsPushing(MetricsSink sink, long periodSeconds) {
    this.sink = sink;
    this.periodSeconds = periodSeconds;
  }

  /**
   * The pushing {@code --metricsSink} asks for, its sink made; null if it names none (the default
   * sink drops everything).
   */
  static MetricsPushing ifAsked(MetricsOptions options) {
    Class<? extends MetricsSink> sinkClass = options.getMetricsSink();
    if (sinkClass == null || (Class<?>) sinkClass == MetricsOptions.NoOpMetricsSink.class) {
      return null;
    }
    MetricsSink sink =
        InstanceBuilder.ofType(MetricsSink.class).fromClass(sinkClass).withArg(MetricsOptions.class, options).build();
    return new MetricsPushing(sink, Math.max(1, options.getMetricsPushPeriod()));
  }

  /** Pushes {@code result}'s metrics every period until {@code job} ends, and once more then. */
  void start(JobExecution job, SolsticePipelineResult result) {
    this.result = result;
    this.jobId = job.jobId();
    ScheduledExecutorService timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread thread = new Thread(r, "solstice-metrics-push-" + job.jobId());
              thread.setDaemon(true);
              return thread;
            });
    timer.scheduleAtFixedRate(this::push, periodSeconds, periodSeconds, TimeUnit.SECONDS);
    job.whenFinished(
        () -> {
          timer.shutdownNow();
          push();
        });
    LOG.info("Job {}: pushing its metrics to {} every {} s", jobId, sink.getClass().getSimpleName(), periodSeconds);
  }

  private void push() {
    try {
      sink.writeMetrics(result.metrics().allMetrics());
    } catch (Exception e) {
      // A sink that fails (an unreachable HTTP endpoint, say) must not fail the job.
      LOG.warn("Job {}: pushing its metrics failed", jobId, e);
    }
  }
}
