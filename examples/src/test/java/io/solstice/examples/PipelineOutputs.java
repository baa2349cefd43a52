package io.solstice.examples;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;

/** Runs a {@link PipelineShapes.Shape} with given options and returns its output lines, sorted. */
final class PipelineOutputs {
  private PipelineOutputs() {}

  static List<String> run(Path dir, PipelineShapes.Shape shape, String... args) throws IOException {
    Files.createDirectories(dir);
    PipelineOptions options = PipelineOptionsFactory.fromArgs(args).as(WordCount.Options.class);
    Pipeline pipeline = Pipeline.create(options);
    shape.build(pipeline, dir.resolve("out").toString());
    PipelineResult.State state = pipeline.run().waitUntilFinish();
    if (state != PipelineResult.State.DONE) {
      throw new AssertionError("The pipeline ended " + state + " with " + String.join(" ", args));
    }
    List<String> lines = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        lines.addAll(Files.readAllLines(file, StandardCharsets.UTF_8));
      }
    }
    Collections.sort(lines);
    return lines;
  }
}
