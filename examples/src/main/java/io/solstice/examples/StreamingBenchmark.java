package io.solstice.examples;

import io.solstice.engine.queue.kafka.EmbeddedKafkaBroker;
import io.solstice.examples.streaming.BacklogPanes;
import io.solstice.examples.streaming.EventGenerator;
import io.solstice.examples.streaming.KafkaTopics;
import io.solstice.examples.streaming.KafkaTopics.TimedPane;
import io.solstice.examples.streaming.WindowPane;
import io.solstice.examples.streaming.WindowedCounts;
import io.solstice.runner.SolsticePipelineResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The streaming example's windowed-count job against an embedded Kafka broker, per runner:
 *
 * <ul>
 *   <li><b>latency</b>: events at a fixed rate, stamped with their send time; for each on-time
 *       pane, how long after its window's end it was written (watermark propagation plus work), and
 *       for each early pane, how long after its newest event it was written; p50 and p99;
 *   <li><b>maximum sustained throughput</b>: a backlog of events written before the job starts,
 *       spread over one-second event-time windows; events per second between the first and the last
 *       window's on-time panes (job start-up excluded).
 * </ul>
 *
 * <p>Run: {@code java -Xmx8g -jar examples/target/solstice-examples.jar streaming-benchmark
 * [--rate=5000] [--seconds=40] [--backlog=2000000] [--runners=solstice,direct] [--parallelism=2]}
 */
public final class StreamingBenchmark {
  private static final int PARTITIONS = 2;
  private static final int KEYS = 100;
  private static final long WINDOW_MILLIS = 1_000;
  private static final long EARLY_FIRING_MILLIS = 200;
  private static final Duration WARM_UP = Duration.ofSeconds(10);
  /** Backlog events per millisecond of event time: 100,000 per one-second window. */
  private static final long BACKLOG_EVENTS_PER_MILLI = 100;

  private StreamingBenchmark() {}

  public static void main(String[] args) throws Exception {
    BenchmarkArgs arguments = new BenchmarkArgs(args);
    long rate = arguments.longArg("rate", 5_000);
    int seconds = arguments.intArg("seconds", 40);
    long backlog = arguments.longArg("backlog", 2_000_000);
    int parallelism = arguments.intArg("parallelism", 2);
    List<String> runners = List.of(arguments.stringArg("runners", "solstice,direct").split(","));
    List<String> rows = new ArrayList<>();
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
      for (String runner : runners) {
        Latency latency = measureLatency(broker.bootstrapServers(), runner, parallelism, rate, seconds);
        Throughput throughput = measureThroughput(broker.bootstrapServers(), runner, parallelism, backlog);
        rows.add(
            String.format(
                "| %s | %d | %s | %s | %s | %s | %s |",
                runnerName(runner), rate, millis(latency.onTime, 0.5), millis(latency.onTime, 0.99),
                millis(latency.early, 0.5), millis(latency.early, 0.99), throughput));
      }
    }
    System.out.printf(
        "%nWindowed counts, %d ms windows, early panes %d ms after a pane's first element, %d keys, "
            + "%d partitions, parallelism %d%n",
        WINDOW_MILLIS, EARLY_FIRING_MILLIS, KEYS, PARTITIONS, parallelism);
    System.out.println(
        "| runner | input events/s | on-time pane p50 ms | p99 ms | early pane p50 ms | p99 ms | max sustained events/s |");
    System.out.println("|---|---:|---:|---:|---:|---:|---:|");
    rows.forEach(System.out::println);
  }

  private static Latency measureLatency(
      String servers, String runner, int parallelism, long rate, int seconds) throws Exception {
    String in = "latency-in-" + runner;
    String out = "latency-out-" + runner;
    KafkaTopics.create(servers, PARTITIONS, in, out);
    PipelineResult job = WindowedCounts.build(options(servers, runner, parallelism, in, out)).run();
    List<Long> onTime = new ArrayList<>();
    List<Long> early = new ArrayList<>();
    long measureFrom = System.currentTimeMillis() + WARM_UP.toMillis();
    long measureUntil = measureFrom + seconds * 1000L;
    try (EventGenerator generator = new EventGenerator(servers, in, KEYS, rate, 0, 0).start();
        KafkaConsumer<String, String> consumer = KafkaTopics.paneConsumer(servers, out)) {
      while (System.currentTimeMillis() < measureUntil) {
        for (TimedPane timed : KafkaTopics.poll(consumer, Duration.ofMillis(200))) {
          WindowPane pane = timed.pane();
          if (pane.windowStartMillis() < measureFrom || pane.windowEndMillis() > measureUntil) {
            continue;
          }
          if (pane.timing().equals("ON_TIME")) {
            onTime.add(timed.writtenMillis() - pane.windowEndMillis());
          } else if (pane.timing().equals("EARLY")) {
            early.add(timed.writtenMillis() - pane.latestEventMillis());
          }
        }
      }
      System.out.printf(
          "%s latency: %d events sent, %d on-time and %d early panes measured%n",
          runnerName(runner), generator.sent(), onTime.size(), early.size());
    } finally {
      job.cancel();
    }
    return new Latency(onTime, early);
  }

  /** Maximum sustained throughput of one run, the job in this JVM. */
  private static Throughput measureThroughput(String servers, String runner, int parallelism, long backlog)
      throws Exception {
    String in = "backlog-in-" + runner;
    String out = "backlog-out-" + runner;
    writeBacklog(servers, in, out, backlog, runnerName(runner));
    long jobStart = System.currentTimeMillis();
    PipelineResult job = WindowedCounts.build(options(servers, runner, parallelism, in, out)).run();
    BacklogPanes panes;
    long checkpoints = 0;
    try {
      panes = readPanes(servers, out, backlog, () -> false);
      if (job instanceof SolsticePipelineResult) {
        checkpoints = ((SolsticePipelineResult) job).completedCheckpoints();
      }
    } finally {
      job.cancel();
    }
    return Throughput.of(panes, backlog, jobStart, checkpoints, runnerName(runner));
  }

  /**
   * Creates a run's topics and writes the backlog: {@code backlog} events an hour old, 100 per
   * millisecond of event time over {@link #KEYS} keys. Returns the first event's time.
   */
  static long writeBacklog(String servers, String in, String out, long backlog, String runner) {
    KafkaTopics.create(servers, PARTITIONS, in, out);
    long hourAgo = (System.currentTimeMillis() - 3_600_000) / WINDOW_MILLIS * WINDOW_MILLIS;
    long produceStart = System.nanoTime();
    try (KafkaProducer<String, String> producer = KafkaTopics.producer(servers)) {
      for (long n = 0; n < backlog; n++) {
        producer.send(
            new ProducerRecord<>(in, null, backlogEventTime(hourAgo, n), "key-" + (n % KEYS), "event"));
      }
    }
    System.out.printf(
        "%s throughput: %d backlog events written in %.1f s%n", runner, backlog, (System.nanoTime() - produceStart) / 1e9);
    return hourAgo;
  }

  /** The event time of backlog event {@code n}, given the first event's. */
  static long backlogEventTime(long firstEventMillis, long n) {
    return firstEventMillis + n / BACKLOG_EVENTS_PER_MILLI;
  }

  /**
   * The output's on-time panes until the whole backlog is counted, 10 minutes pass, or {@code
   * jobEnded} says the job is gone.
   */
  static BacklogPanes readPanes(String servers, String out, long backlog, BooleanSupplier jobEnded) {
    BacklogPanes panes = new BacklogPanes();
    long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
    try (KafkaConsumer<String, String> consumer = KafkaTopics.paneConsumer(servers, out)) {
      while (panes.counted() < backlog && System.nanoTime() < deadline && !jobEnded.getAsBoolean()) {
        KafkaTopics.poll(consumer, Duration.ofMillis(200)).forEach(panes::add);
      }
    }
    return panes;
  }

  /** The job's own options (of {@link WindowedCounts.Options}) for a run on these topics. */
  static List<String> jobArgs(String servers, String in, String out) {
    return List.of(
        "--bootstrapServers=" + servers,
        "--inputTopic=" + in,
        "--outputTopic=" + out,
        "--windowMillis=" + WINDOW_MILLIS,
        "--earlyFiringMillis=" + EARLY_FIRING_MILLIS,
        "--maxEventDelayMillis=0");
  }

  private static WindowedCounts.Options options(String servers, String runner, int parallelism, String in, String out) {
    List<String> args = new ArrayList<>(jobArgs(servers, in, out));
    args.add("--runner=" + runnerName(runner));
    args.add("--parallelism=" + parallelism);
    WindowedCounts.Options options =
        PipelineOptionsFactory.fromArgs(args.toArray(new String[0])).as(WindowedCounts.Options.class);
    // The DirectRunner's run() otherwise waits for the end of a job that never ends.
    DirectOptions direct = options.as(DirectOptions.class);
    direct.setBlockOnRun(false);
    direct.setTargetParallelism(parallelism);
    return options;
  }

  private static String runnerName(String runner) {
    return switch (runner) {
      case "solstice" -> "SolsticeRunner";
      case "direct" -> "DirectRunner";
      default -> throw new IllegalArgumentException("--runners takes solstice and direct, not " + runner);
    };
  }

  private static String millis(List<Long> values, double quantile) {
    if (values.isEmpty()) {
      return "n/a";
    }
    List<Long> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return String.valueOf(sorted.get((int) Math.ceil(quantile * sorted.size()) - 1));
  }

  private record Latency(List<Long> onTime, List<Long> early) {}

  /**
   * @param eventsPerSecond between the first and the last window's on-time panes
   * @param endToEndPerSecond the whole backlog over the time from the job's start to its last pane
   */
  record Throughput(long counted, long backlog, double eventsPerSecond, double endToEndPerSecond, long checkpoints) {
    /** A run's figures from its panes; {@code jobStart}: when the job (or its process) started. */
    static Throughput of(BacklogPanes panes, long backlog, long jobStart, long checkpoints, String runner) {
      Map<Long, Long> closedAt = panes.closedAt();
      if (panes.counted() < backlog || closedAt.size() < 2) {
        return new Throughput(panes.counted(), backlog, Double.NaN, Double.NaN, checkpoints);
      }
      List<Long> starts = new ArrayList<>(closedAt.keySet());
      Collections.sort(starts);
      long first = starts.get(0);
      long last = starts.get(starts.size() - 1);
      double seconds = (closedAt.get(last) - closedAt.get(first)) / 1000.0;
      long afterFirst = backlog - panes.countOf(first);
      System.out.printf(
          "%s throughput: %d windows closed, the last %.1f s after the first%n", runner, closedAt.size(), seconds);
      double endToEnd = backlog / ((closedAt.get(last) - jobStart) / 1000.0);
      return new Throughput(panes.counted(), backlog, afterFirst / seconds, endToEnd, checkpoints);
    }

    @Override
    public String toString() {
      return Double.isNaN(eventsPerSecond)
          ? String.format("did not finish (%d of %d counted in 10 min)", counted, backlog)
          : String.format("%,.0f", eventsPerSecond);
    }
  }
}
