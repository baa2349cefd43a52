package io.solstice.examples;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.apache.beam.sdk.options.PipelineOptionsFactory;

/**
 * WordCount on generated text, on SolsticeRunner and on DirectRunner in the same JVM, rounds
 * alternating between them. Prints each run's throughput and peak heap, the medians, and their
 * ratio; fails if the two runners' outputs differ.
 *
 * <p>Run: {@code java -jar examples/target/solstice-examples.jar wordcount-benchmark [--sizeMb=100]
 * [--rounds=3] [--parallelism=2] [--runners=both|solstice]}
 */
public final class WordCountBenchmark {
  private WordCountBenchmark() {}

  public static void main(String[] args) {
    BenchmarkArgs arguments = new BenchmarkArgs(args);
    int sizeMb = arguments.intArg("sizeMb", 100);
    int rounds = arguments.intArg("rounds", 3);
    int parallelism = arguments.intArg("parallelism", 2);
    boolean withDirect = !arguments.stringArg("runners", "both").equals("solstice");
    Path dir = Paths.get(arguments.stringArg("workDir", "target/wordcount-benchmark")).toAbsolutePath();
    try {
      Path input = generate(dir.resolve("input.txt"), sizeMb);
      double mb = Files.size(input) / 1e6;
      System.out.printf("Input: %s (%.1f MB), parallelism %d, %d rounds%n", input, mb, parallelism, rounds);
      List<Run> solstice = new ArrayList<>();
      List<Run> direct = new ArrayList<>();
      for (int round = 1; round <= rounds; round++) {
        solstice.add(run("SolsticeRunner", input, dir.resolve("solstice-" + round), mb, parallelism));
        if (!withDirect) {
          continue;
        }
        direct.add(run("DirectRunner", input, dir.resolve("direct-" + round), mb, parallelism));
        if (!readAll(dir.resolve("solstice-" + round)).equals(readAll(dir.resolve("direct-" + round)))) {
          throw new IllegalStateException("Round " + round + ": the runners' outputs differ");
        }
      }
      if (!withDirect) {
        Run s = median(solstice);
        System.out.printf("SolsticeRunner median: %.2f s, %.2f MB/s%n", s.seconds, s.mbPerSecond);
        return;
      }
      Run s = median(solstice);
      Run d = median(direct);
      System.out.println();
      System.out.println("| runner | median seconds | median MB/s | peak heap MB (max of rounds) |");
      System.out.println("|---|---:|---:|---:|");
      System.out.printf("| SolsticeRunner | %.2f | %.4f | %d |%n", s.seconds, s.mbPerSecond, maxHeap(solstice));
      System.out.printf("| DirectRunner | %.2f | %.4f | %d |%n", d.seconds, d.mbPerSecond, maxHeap(direct));
      System.out.printf("Throughput ratio Solstice/Direct: %.1fx (outputs identical in all rounds)%n", s.mbPerSecond / d.mbPerSecond);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static final class Run {
    final double seconds;
    final double mbPerSecond;
    final long peakHeapMb;

    Run(double seconds, double mbPerSecond, long peakHeapMb) {
      this.seconds = seconds;
      this.mbPerSecond = mbPerSecond;
      this.peakHeapMb = peakHeapMb;
    }
  }

  private static Run run(String runner, Path input, Path outputDir, double mb, int parallelism) throws IOException {
    deleteRecursively(outputDir);
    List<String> args = new ArrayList<>();
    args.add("--runner=" + runner);
    args.add("--inputFile=" + input);
    args.add("--output=" + outputDir.resolve("counts"));
    args.add("--parallelism=" + parallelism);
    if (runner.equals("DirectRunner")) {
      // As in Nexmark's comparisons: no model enforcement, which only the Direct runner does.
      args.add("--targetParallelism=" + parallelism);
      args.add("--enforceImmutability=false");
      args.add("--enforceEncodability=false");
    }
    WordCount.Options options =
        PipelineOptionsFactory.fromArgs(args.toArray(new String[0])).as(WordCount.Options.class);
    System.gc();
    HeapSampler heap = HeapSampler.start();
    long start = System.nanoTime();
    WordCount.build(options).run().waitUntilFinish();
    double seconds = (System.nanoTime() - start) / 1e9;
    long peak = heap.stop() >> 20;
    Run run = new Run(seconds, mb / seconds, peak);
    System.out.printf("%-15s %7.2f s  %8.4f MB/s  peak heap %5d MB%n", runner, seconds, run.mbPerSecond, peak);
    return run;
  }

  private static Run median(List<Run> runs) {
    return Medians.median(runs, r -> r.seconds);
  }

  private static long maxHeap(List<Run> runs) {
    return runs.stream().mapToLong(r -> r.peakHeapMb).max().orElse(0);
  }

  /** Samples used heap every 20 ms; the peak is what {@link #stop()} returns. */
  private static final class HeapSampler implements Runnable {
    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private final AtomicLong peak = new AtomicLong();
    private volatile boolean running = true;
    private Thread thread;

    static HeapSampler start() {
      HeapSampler sampler = new HeapSampler();
      sampler.thread = new Thread(sampler, "heap-sampler");
      sampler.thread.setDaemon(true);
      sampler.thread.start();
      return sampler;
    }

    @Override
    public void run() {
      while (running) {
        peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
        try {
          Thread.sleep(20);
        } catch (InterruptedException e) {
          return;
        }
      }
    }

    long stop() {
      running = false;
      thread.interrupt();
      return peak.get();
    }
  }

  /** Lines of 4 to 14 words drawn from a skewed vocabulary, so that some words are far more common. */
  static Path generate(Path file, int sizeMb) throws IOException {
    long target = sizeMb * 1_000_000L;
    if (Files.exists(file) && Files.size(file) >= target) {
      return file;
    }
    Files.createDirectories(file.getParent());
    Random random = new Random(42);
    String[] vocabulary = new String[50_000];
    for (int i = 0; i < vocabulary.length; i++) {
      vocabulary[i] = word(random, i);
    }
    long written = 0;
    try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      StringBuilder line = new StringBuilder();
      while (written < target) {
        line.setLength(0);
        int words = 4 + random.nextInt(11);
        for (int w = 0; w < words; w++) {
          double u = random.nextDouble();
          int rank = (int) (vocabulary.length * u * u * u);
          line.append(w == 0 ? "" : " ").append(vocabulary[rank]);
        }
        out.write(line.toString());
        out.newLine();
        written += line.length() + 1;
      }
    }
    return file;
  }

  private static String word(Random random, int index) {
    int length = 2 + random.nextInt(9);
    StringBuilder word = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      word.append((char) ('a' + random.nextInt(26)));
    }
    return word.append(index % 7 == 0 ? "s" : "").toString();
  }

  private static List<String> readAll(Path dir) throws IOException {
    List<String> lines = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        lines.addAll(Files.readAllLines(file, StandardCharsets.UTF_8));
      }
    }
    Collections.sort(lines);
    return lines;
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
