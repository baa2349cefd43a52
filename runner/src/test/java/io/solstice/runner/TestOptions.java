package io.solstice.runner;

import org.apache.beam.sdk.options.PipelineOptionsFactory;

/** Options for tests that run pipelines on SolsticeRunner and inspect the result. */
final class TestOptions {
  private TestOptions() {}

  static SolsticePipelineOptions solstice(int parallelism) {
    SolsticePipelineOptions options = PipelineOptionsFactory.as(SolsticePipelineOptions.class);
    options.setRunner(SolsticeRunner.class);
    options.setParallelism(parallelism);
    return options;
  }
}
