package io.solstice.runner.testing;

import java.nio.file.Path;
import java.util.Arrays;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.joda.time.Instant;

/**
 * A driver process for recovery tests: runs {@link CountingStreamJob#buildWritingTo} with the
 * given start time, element count and output directory, and the pipeline options that follow.
 *
 * <p>Arguments: {@code <start millis> <elements> <output dir> [--option=value ...]}.
 */
public final class CountingJobMain {
  private CountingJobMain() {}

  public static void main(String[] args) {
    Instant start = new Instant(Long.parseLong(args[0]));
    long elements = Long.parseLong(args[1]);
    Path output = Path.of(args[2]);
    String[] options = Arrays.copyOfRange(args, 3, args.length);
    Pipeline pipeline = Pipeline.create(PipelineOptionsFactory.fromArgs(options).create());
    CountingStreamJob.buildWritingTo(pipeline, start, elements, output);
    pipeline.run().waitUntilFinish();
  }
}
