package io.solstice.runner.testing;

import static org.junit.Assert.fail;
import static org.junit.Assert.assertFalse;

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
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;

/**
 * Runs one pipeline shape on DirectRunner and on SolsticeRunner and compares what each wrote: the
 * DirectRunner's output is the expectation.
 */
public final class DifferentialRun {
  /** Builds a pipeline whose result is a collection of text lines. */
  public interface Shape {
    PCollection<String> build(Pipeline pipeline);
  }

  private DifferentialRun() {}

  /** Asserts that SolsticeRunner writes the same lines (as a sorted multiset) as DirectRunner. */
  public static List<String> assertSameAsDirect(Path dir, Shape shape, String... solsticeArgs)
      throws IOException {
    List<String> expected = run(dir.resolve("direct"), shape, "--runner=DirectRunner");
    List<String> args = new ArrayList<>(List.of("--runner=SolsticeRunner", "--parallelism=2"));
    Collections.addAll(args, solsticeArgs);
    List<String> actual = run(dir.resolve("solstice"), shape, args.toArray(new String[0]));
    assertSameLines(expected, actual);
    return actual;
  }

  /** Fails, listing both, unless the two sorted outputs are equal. */
  public static void assertSameLines(List<String> expected, List<String> actual) {
    assertFalse("DirectRunner produced output", expected.isEmpty());
    if (!expected.equals(actual)) {
      fail(
          "SolsticeRunner's output differs from DirectRunner's.\nDirectRunner:\n  "
              + String.join("\n  ", expected)
              + "\nSolsticeRunner:\n  "
              + String.join("\n  ", actual));
    }
  }

  public static List<String> run(Path dir, Shape shape, String... args) throws IOException {
    Files.createDirectories(dir);
    PipelineOptions options = PipelineOptionsFactory.fromArgs(args).create();
    Pipeline pipeline = Pipeline.create(options);
    shape.build(pipeline).apply("WriteLines", ParDo.of(new LinesSink(dir)));
    PipelineResult.State state = pipeline.run().waitUntilFinish();
    if (state != PipelineResult.State.DONE) {
      throw new AssertionError("The pipeline ended " + state + " with " + String.join(" ", args));
    }
    return readLines(dir);
  }

  /** Every line of every file in {@code dir}, sorted. */
  public static List<String> readLines(Path dir) throws IOException {
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
