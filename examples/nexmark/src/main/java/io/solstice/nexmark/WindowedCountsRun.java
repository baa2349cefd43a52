package io.solstice.nexmark;

import io.solstice.examples.streaming.WindowedCounts;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptionsFactory;

/**
 * The streaming example's windowed-count job (Kafka in, panes to Kafka out) on whatever runner the
 * arguments name, in a process of its own: the checkpoint benchmark ({@code
 * examples/checkpoint-benchmark.sh}) starts one per run, on Solstice and on the Flink runner, reads
 * the panes from the output topic and stops the process once the last one is out.
 *
 * <p>Arguments: the job's options ({@code WindowedCounts.Options}) and the runner's. Runs until the
 * job ends or the process is stopped.
 */
public final class WindowedCountsRun {
  private WindowedCountsRun() {}

  public static void main(String[] args) throws Exception {
    WindowedCounts.Options options = PipelineOptionsFactory.fromArgs(args).withValidation().as(WindowedCounts.Options.class);
    // The Flink runner's run() returns only when the job ends; Solstice's at once.
    PipelineResult result = WindowedCounts.build(options).run();
    System.out.println("Job ended: " + result.waitUntilFinish());
  }
}
