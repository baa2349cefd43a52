package io.solstice.runner;

import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.PipelineRunner;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.testing.TestPipelineOptions;
import org.joda.time.Duration;

/**
 * The runner for Beam's tests ({@code --runner=TestSolsticeRunner}): runs the pipeline on Solstice
 * and blocks until it ends, throwing the pipeline's failure as TestPipeline expects. A pipeline
 * still running after {@code --testTimeoutSeconds} (default {@value #DEFAULT_TIMEOUT_SECONDS}) is
 * cancelled and fails its test, so that one hung pipeline cannot hang a whole suite.
 */
public final class TestSolsticeRunner extends PipelineRunner<PipelineResult> {
  static final long DEFAULT_TIMEOUT_SECONDS = 300;

  private final SolsticeRunner delegate;
  private final long timeoutSeconds;

  private TestSolsticeRunner(SolsticeRunner delegate, long timeoutSeconds) {
    this.delegate = delegate;
    this.timeoutSeconds = timeoutSeconds;
  }

  public static TestSolsticeRunner fromOptions(PipelineOptions options) {
    Long timeout = options.as(TestPipelineOptions.class).getTestTimeoutSeconds();
    return new TestSolsticeRunner(
        SolsticeRunner.fromOptions(options), timeout == null ? DEFAULT_TIMEOUT_SECONDS : timeout);
  }

  @Override
  public PipelineResult run(Pipeline pipeline) {
    SolsticePipelineResult result = delegate.run(pipeline);
    if (result.waitUntilFinish(Duration.standardSeconds(timeoutSeconds)) == null) {
      result.cancel();
      throw new IllegalStateException(
          "Pipeline " + result.jobId() + " did not finish within " + timeoutSeconds + " seconds; cancelled it");
    }
    return result;
  }
}
