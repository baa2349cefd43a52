package io.solstice.runner;

import io.solstice.engine.EngineConfig;
import io.solstice.engine.graph.JobGraph;
import io.solstice.engine.job.JobExecution;
import io.solstice.engine.queue.TransportConfig;
import io.solstice.engine.queue.kafka.EmbeddedKafkaBroker;
import io.solstice.translation.SolsticeTranslator;
import io.solstice.translation.plan.ExecutionPlan;
import java.io.IOException;
import org.apache.beam.runners.core.construction.SerializablePipelineOptions;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineRunner;
import org.apache.beam.sdk.metrics.MetricsEnvironment;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.runners.TransformHierarchy;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PValue;
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
    ExecutionPlan plan = SolsticeTranslator.translate(pipeline, options, options.getParallelism());
    LOG.info("Pipeline {} runs as {} stages:\n{}", options.getJobName(), plan.stages().size(), plan.describe());
    EngineConfig config = OptionsValidator.engineConfig(options);
    config.manualClock(SolsticeTranslator.usesTestStream(pipeline));
    disableCheckpointsIfBounded(pipeline, config);
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
    try {
      return new SolsticePipelineResult(JobExecution.start(graph, config, broker), plan.driverMetrics());
    } catch (RuntimeException e) {
      if (broker != null) {
        broker.close();
      }
      throw e;
    }
  }

  /**
   * A bounded (batch) pipeline runs without checkpoints, as batch jobs do on Flink: its grouping
   * operators gather their whole input in memory, which no checkpoint holds, so a failed batch job
   * restarts from the beginning (--maxRestarts).
   */
  private static void disableCheckpointsIfBounded(Pipeline pipeline, EngineConfig config) {
    if (config.checkpoints().enabled() && !hasUnboundedInput(pipeline)) {
      LOG.info("Checkpoints are off for this job: every collection is bounded (a batch job)");
      config.checkpoints(config.checkpoints().disabled());
    }
  }

  private static boolean hasUnboundedInput(Pipeline pipeline) {
    boolean[] unbounded = {false};
    pipeline.traverseTopologically(
        new Pipeline.PipelineVisitor.Defaults() {
          @Override
          public void visitValue(PValue value, TransformHierarchy.Node producer) {
            if (value instanceof PCollection && ((PCollection<?>) value).isBounded() == PCollection.IsBounded.UNBOUNDED) {
              unbounded[0] = true;
            }
          }
        });
    return unbounded[0];
  }

  @Override
  public String toString() {
    return "SolsticeRunner";
  }
}
