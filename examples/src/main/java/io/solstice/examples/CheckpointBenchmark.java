package io.solstice.examples;

import io.solstice.engine.queue.kafka.EmbeddedKafkaBroker;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What checkpoints cost: the streaming benchmark's backlog job (windowed counts over a backlog of
 * events on an embedded Kafka broker) with checkpoints off and at each interval asked for, as the
 * backlog's events over the time from the job's start to its last window's on-time pane; the
 * median of several runs per setting, interleaved, after a warm-up run, in one process.
 *
 * <p>Run: {@code java -Xmx6g -jar examples/target/solstice-examples.jar checkpoint-benchmark
 * [--backlog=2000000] [--repeats=3] [--intervals=off,10000,1000] [--parallelism=2]}
 */
public final class CheckpointBenchmark {
  private CheckpointBenchmark() {}

  public static void main(String[] args) throws Exception {
    BenchmarkArgs arguments = new BenchmarkArgs(args);
    long backlog = arguments.longArg("backlog", 2_000_000);
    int repeats = arguments.intArg("repeats", 3);
    int parallelism = arguments.intArg("parallelism", 2);
    List<String> intervals = List.of(arguments.stringArg("intervals", "off,10000,1000").split(","));
    Map<String, List<StreamingBenchmark.Throughput>> runs = new LinkedHashMap<>();
    intervals.forEach(interval -> runs.put(interval, new ArrayList<>()));
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
      int run = 0;
      StreamingBenchmark.Throughput warmUp =
          StreamingBenchmark.measureThroughput(broker.bootstrapServers(), "solstice", parallelism, backlog, "-" + run++);
      System.out.printf("warm-up run (not counted): %,.0f events/s end to end%n", warmUp.endToEndPerSecond());
      // Interleaved, so that the machine's drift and the JIT's warming spread over every setting.
      for (int r = 0; r < repeats; r++) {
        for (String interval : intervals) {
          String[] extra = interval.equals("off") ? new String[0] : new String[] {"--checkpointingInterval=" + interval};
          StreamingBenchmark.Throughput throughput =
              StreamingBenchmark.measureThroughput(broker.bootstrapServers(), "solstice", parallelism, backlog, "-" + run++, extra);
          System.out.printf(
              "checkpoints %s, run %d: %,.0f events/s end to end, %d checkpoints%n",
              interval, r + 1, throughput.endToEndPerSecond(), throughput.checkpoints());
          runs.get(interval).add(throughput);
        }
      }
    }
    List<String> rows = new ArrayList<>();
    double off = Double.NaN;
    for (Map.Entry<String, List<StreamingBenchmark.Throughput>> setting : runs.entrySet()) {
      StreamingBenchmark.Throughput median = Medians.median(setting.getValue(), StreamingBenchmark.Throughput::endToEndPerSecond);
      if (setting.getKey().equals("off")) {
        off = median.endToEndPerSecond();
      }
      rows.add(
          String.format(
              "| %s | %,.0f | %s | %d |",
              setting.getKey().equals("off") ? "off" : setting.getKey() + " ms",
              median.endToEndPerSecond(),
              Double.isNaN(off) ? "" : String.format("%.2f", median.endToEndPerSecond() / off),
              median.checkpoints()));
    }
    System.out.printf(
        "%nSolsticeRunner, windowed counts over a %,d-event backlog, parallelism %d, median of %d runs%n",
        backlog, parallelism, repeats);
    System.out.println("| checkpoints | events/s, job start to last pane | vs off | checkpoints completed |");
    System.out.println("|---|---:|---:|---:|");
    rows.forEach(System.out::println);
  }
}
