package io.solstice.nexmark;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.io.TextIO;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.Count;
import org.apache.beam.sdk.transforms.FlatMapElements;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * WordCount over a generated text file, timed, on whatever runner the arguments name: the same
 * class runs on every runner family this project builds (Solstice, Flink, Spark), so that
 * cluster-benchmark.sh compares them on one job.
 *
 * <p>Arguments: {@code <input file> <size MB> <output dir> <rounds> <runner arguments...>}. The
 * input is generated once (a fixed seed, a skewed vocabulary) and reused. Prints one line per
 * round, {@code ROUND <i> <seconds> <distinct words>}, after checking the counts add up to the
 * words generated.
 */
public final class WordCountRun {
  private static final int VOCABULARY = 50_000;

  private WordCountRun() {}

  public static void main(String[] args) throws Exception {
    Path input = Paths.get(args[0]);
    int sizeMb = Integer.parseInt(args[1]);
    Path output = Paths.get(args[2]);
    int rounds = Integer.parseInt(args[3]);
    String[] runnerArgs = Arrays.copyOfRange(args, 4, args.length);
    long words = generate(input, sizeMb);
    for (int round = 1; round <= rounds; round++) {
      deleteRecursively(output);
      Files.createDirectories(output);
      Pipeline pipeline = Pipeline.create(PipelineOptionsFactory.fromArgs(runnerArgs).create());
      pipeline
          .apply(TextIO.read().from(input.toString()))
          .apply(FlatMapElements.into(TypeDescriptors.strings()).via((String line) -> Arrays.asList(line.split(" "))))
          .apply(Count.perElement())
          .apply(MapElements.into(TypeDescriptors.strings()).via((KV<String, Long> kv) -> kv.getKey() + "\t" + kv.getValue()))
          .apply(TextIO.write().to(output.resolve("counts").toString()));
      long start = System.nanoTime();
      PipelineResult.State state = pipeline.run().waitUntilFinish();
      double seconds = (System.nanoTime() - start) / 1e9;
      if (state != PipelineResult.State.DONE) {
        throw new IllegalStateException("WordCount ended " + state);
      }
      long[] totals = countOutput(output);
      if (totals[1] != words) {
        throw new IllegalStateException("The counts add up to " + totals[1] + " words, not " + words);
      }
      System.out.printf("ROUND %d %.3f %d%n", round, seconds, totals[0]);
    }
    System.exit(0);
  }

  /** Writes about {@code sizeMb} MB of lines of words unless the file is there; returns the word count. */
  private static long generate(Path input, int sizeMb) throws IOException {
    Path count = input.resolveSibling(input.getFileName() + ".words");
    if (Files.exists(input) && Files.exists(count)) {
      return Long.parseLong(Files.readString(count).trim());
    }
    Files.createDirectories(input.getParent());
    Random random = new Random(42);
    long target = sizeMb * 1_000_000L;
    long written = 0;
    long words = 0;
    try (BufferedWriter out = Files.newBufferedWriter(input, StandardCharsets.UTF_8)) {
      StringBuilder line = new StringBuilder();
      while (written < target) {
        line.setLength(0);
        for (int i = 0; i < 12; i++) {
          // Skewed: small word numbers are far more frequent, as in natural text.
          int word = (int) (Math.pow(random.nextDouble(), 3) * VOCABULARY);
          if (i > 0) {
            line.append(' ');
          }
          line.append("w").append(word);
          words++;
        }
        out.write(line.toString());
        out.newLine();
        written += line.length() + 1;
      }
    }
    Files.writeString(count, Long.toString(words));
    return words;
  }

  /** Distinct words and the sum of their counts in the output files. */
  private static long[] countOutput(Path dir) throws IOException {
    long distinct = 0;
    long sum = 0;
    List<Path> files = new ArrayList<>();
    try (Stream<Path> list = Files.list(dir)) {
      list.forEach(files::add);
    }
    Collections.sort(files);
    for (Path file : files) {
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        int tab = line.lastIndexOf('\t');
        distinct++;
        sum += Long.parseLong(line.substring(tab + 1));
      }
    }
    return new long[] {distinct, sum};
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Collections.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
