package io.solstice.runner;

import io.solstice.engine.EngineConfig;
import io.solstice.engine.graph.JobGraph;
import io.solstice.engine.job.JobExecution;
import io.solstice.engine.queue.TransportConfig;
import io.solstice.engine.queue.kafka.EmbeddedKafkaBroker;
import io.solstice.runner.status.StatusServer;
import io.solstice.translation.SolsticeTranslator;
import io.solstice.translation.plan.ExecutionPlan;
import java.io.IOException;
import org.apache.beam.runners.core.construction.SerializablePipelineOptions;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineRunner;
import org.apache.beam.sdk.metrics.MetricsEnvironment;
import org.apache.beam.sdk.metrics.MetricsOptions;
import org.apache.beam.sdk.options.PipelineOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs Beam pipelines on Solstice: {@code --runner=SolsticeRunner}. The pipeline is translated into
 * fused stages, which run as pools of Ray actors exchanging splits over partitioned queues.
 *
 * <p>{@link #run} returns once the job has started; wait for it with {@link
 * SolsticePipelineResult#waitUntilFinish()}.
 */
public final class SolsticeRunner extends PipelineRunner<SolsticePipelineResult> {
  private static final Logger LOG = LoggerFactory.getLogger(SolsticeRunner.class);

  private final SolsticePipelineOptions options;

  private SolsticeRunner(SolsticePipelineOptions options) {
    this.options = options;
  }

  /** Called by Beam for {@code --runner=SolsticeRunner}. */
  public static SolsticeRunner fromOptions(PipelineOptions options) {
    SolsticePipelineOptions solstice = options.as(SolsticePipelineOptions.class);
    OptionsValidator.validate(solstice);
    return new SolsticeRunner(solstice);
  }

  @Override
  public SolsticePipelineResult run(Pipeline pipeline) {
    OptionsValidator.validate(options);
    MetricsEnvironment.setMetricsSupported(true);
    OutputLocationCheck.check(pipeline, options);
    ExecutionPlan plan = SolsticeTranslator.translate(pipeline, options, options.getParallelism());
    LOG.info("Pipeline {} runs as {} stages:\n{}", options.getJobName(), plan.stages().size(), plan.describe());
    EngineConfig config = OptionsValidator.engineConfig(options);
    config.manualClock(SolsticeTranslator.usesTestStream(pipeline));
    JobGraph graph;
    try {
      graph =
          PlanToJobGraph.convert(
              options.getJobName(), plan, new SerializablePipelineOptions(options), config.maxKeyGroups());
    } catch (IOException e) {
      throw new IllegalStateException("Could not encode the seed elements of the pipeline", e);
    }
    EmbeddedKafkaBroker broker = null;
    if (OptionsValidator.isEmbeddedKafka(options)) {
      broker = EmbeddedKafkaBroker.start();
      config.transport(TransportConfig.kafka(broker.bootstrapServers(), options.getKafkaKeepTopics()));
    }
    StatusServer status = null;
    try {
      // What can fail (a sink class that cannot be made, a port in use) fails before the job starts.
      MetricsPushing pushing = MetricsPushing.ifAsked(options.as(MetricsOptions.class));
      if (options.getStatusPort() >= 0) {
        status = StatusServer.bind(options.getStatusAddress(), options.getStatusPort());
      }
      JobExecution job = JobExecution.start(graph, config, broker);
      SolsticePipelineResult result = new SolsticePipelineResult(job, plan.driverMetrics(), status);
      if (pushing != null) {
        pushing.start(job, result);
      }
      if (status != null) {
        status.serve(job, result::metrics, plan.stepNames());
        job.whenFinished(status::close);
        LOG.info("Job {}: its status page is {}", job.jobId(), status.url());
      }
      return result;
    } catch (RuntimeException e) {
      if (status != null) {
        status.close();
      }
      if (broker != null) {
        broker.close();
      }
      throw e;
    }
  }

  @Override
  public String toString() {
    return "SolsticeRunner";
  }
}
