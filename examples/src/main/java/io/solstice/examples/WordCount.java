package io.solstice.examples;

import io.solstice.runner.SolsticePipelineOptions;
import io.solstice.runner.SolsticeRunner;
import java.nio.file.Paths;
import java.util.Arrays;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.io.TextIO;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Distribution;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.Count;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * Counts the words of a text file and writes {@code word: count} lines. Runs on SolsticeRunner
 * unless {@code --runner} says otherwise.
 */
public final class WordCount {
  private WordCount() {}

  /** Options of the WordCount example. */
  public interface Options extends SolsticePipelineOptions {
    @Description("Text file (or glob) to count the words of")
    @Default.String("examples/data/gettysburg-and-sonnets.txt")
    String getInputFile();

    void setInputFile(String value);

    @Description("Prefix of the output files")
    @Default.String("target/wordcount/counts")
    String getOutput();

    void setOutput(String value);
  }

  /** Splits lines into lower-case words, counting empty lines and measuring line length. */
  static final class ExtractWords extends DoFn<String, String> {
    private final Counter emptyLines = Metrics.counter(ExtractWords.class, "emptyLines");
    private final Distribution lineLengths = Metrics.distribution(ExtractWords.class, "lineLength");

    @ProcessElement
    public void process(@Element String line, OutputReceiver<String> out) {
      lineLengths.update(line.length());
      if (line.trim().isEmpty()) {
        emptyLines.inc();
      }
      for (String word : line.toLowerCase().split("[^\\p{L}']+")) {
        if (!word.isEmpty()) {
          out.output(word);
        }
      }
    }
  }

  /** Lines of text in, {@code word: count} lines out. */
  public static final class CountWords extends PTransform<PCollection<String>, PCollection<String>> {
    @Override
    public PCollection<String> expand(PCollection<String> lines) {
      PCollection<KV<String, Long>> counts =
          lines.apply("ExtractWords", ParDo.of(new ExtractWords())).apply(Count.perElement());
      return counts.apply(
          "Format", MapElements.into(TypeDescriptors.strings()).via(kv -> kv.getKey() + ": " + kv.getValue()));
    }
  }

  /** A local path made absolute; a URI (s3://, gs://) as it is. */
  static String absolute(String path) {
    return path.contains("://") ? path : Paths.get(path).toAbsolutePath().toString();
  }

  public static Pipeline build(Options options) {
    Pipeline pipeline = Pipeline.create(options);
    pipeline
        .apply("ReadLines", TextIO.read().from(options.getInputFile()))
        .apply(new CountWords())
        .apply("WriteCounts", TextIO.write().to(options.getOutput()));
    return pipeline;
  }

  public static void main(String[] args) {
    Options options = PipelineOptionsFactory.fromArgs(args).withValidation().as(Options.class);
    if (Arrays.stream(args).noneMatch(a -> a.startsWith("--runner"))) {
      options.setRunner(SolsticeRunner.class);
    }
    // Workers on a Ray cluster run in other directories: local paths must be absolute there.
    options.setInputFile(absolute(options.getInputFile()));
    options.setOutput(absolute(options.getOutput()));
    PipelineResult result = build(options).run();
    try (ConsoleProgress progress = ConsoleProgress.follow(result)) {
      result.waitUntilFinish();
    }
    long emptyLines = 0;
    for (MetricResult<Long> counter :
        result
            .metrics()
            .queryMetrics(MetricsFilter.builder().addNameFilter(MetricNameFilter.named(ExtractWords.class, "emptyLines")).build())
            .getCounters()) {
      emptyLines += counter.getCommitted();
    }
    System.out.println(
        "WordCount finished ("
            + result.getState()
            + ", "
            + emptyLines
            + " empty lines). Output: "
            + Paths.get(options.getOutput()).toAbsolutePath()
            + "-*-of-*");
  }
}
