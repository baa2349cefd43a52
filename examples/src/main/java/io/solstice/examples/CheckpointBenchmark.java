package io.solstice.examples;

import io.solstice.engine.queue.kafka.EmbeddedKafkaBroker;
import io.solstice.examples.streaming.BacklogPanes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.stream.Stream;

/**
 * What checkpoints cost, and how long recovery takes, on Solstice and on the Flink runner: the
 * streaming benchmark's backlog job (windowed counts over a backlog of events on an embedded Kafka
 * broker), each run in a JVM of its own with the same heap, with checkpoints off and at each
 * interval asked for (Flink: its filesystem state backend, to a local directory as Solstice's).
 * Throughput is the backlog's events between the first and the last window's on-time panes (start-up
 * left out), and over the time from the process's start to the last pane. Runs are interleaved,
 * after a warm-up run per runner; medians per setting.
 *
 * <p>Recovery: the same job fails once (a user-code exception) at the backlog's middle event. The
 * time from the failure to the restarted job's first element (failure detection, restart delay,
 * redeployment, state restore, source rewind), to the completion of the first window with no pane
 * out at the failure, and the whole run's time against a failure-free run's.
 *
 * <p>Run: {@code examples/checkpoint-benchmark.sh}, which builds the Nexmark project's Solstice
 * and Flink builds the runs use, then {@code java -jar examples/target/solstice-examples.jar
 * checkpoint-benchmark [--backlog=2000000] [--repeats=3] [--intervals=off,10000,1000]
 * [--runners=solstice,flink] [--parallelism=2] [--heap=4g] [--recoveryInterval=1000]
 * [--nexmarkTarget=examples/nexmark/target]}.
 */
public final class CheckpointBenchmark {
  private static final int RESTARTS = 3;
  private static final int RESTART_DELAY_MILLIS = 100;

  private final String servers;
  private final long backlog;
  private final int parallelism;
  private final String heap;
  private final Path nexmarkTarget;
  private final Path work;
  private int runs;

  private CheckpointBenchmark(String servers, BenchmarkArgs arguments, Path work) {
    this.servers = servers;
    this.backlog = arguments.longArg("backlog", 2_000_000);
    this.parallelism = arguments.intArg("parallelism", 2);
    this.heap = arguments.stringArg("heap", "4g");
    this.nexmarkTarget = Path.of(arguments.stringArg("nexmarkTarget", "examples/nexmark/target"));
    this.work = work;
  }

  public static void main(String[] args) throws Exception {
    BenchmarkArgs arguments = new BenchmarkArgs(args);
    int repeats = arguments.intArg("repeats", 3);
    List<String> runners = List.of(arguments.stringArg("runners", "solstice,flink").split(","));
    List<String> intervals = List.of(arguments.stringArg("intervals", "off,10000,1000").split(","));
    String recoveryInterval = arguments.stringArg("recoveryInterval", "1000");
    Path work = Files.createTempDirectory("solstice-checkpoint-benchmark");
    System.out.println("Job logs and checkpoints: " + work);
    Map<String, List<Run>> throughput = new LinkedHashMap<>();
    Map<String, List<Run>> recovery = new LinkedHashMap<>();
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
      CheckpointBenchmark benchmark = new CheckpointBenchmark(broker.bootstrapServers(), arguments, work);
      for (String runner : runners) {
        Run warmUp = benchmark.run(runner, "off", false);
        System.out.printf("%s warm-up run (not counted): %s%n", runner, warmUp.describe());
      }
      // Interleaved, so that the machine's drift spreads over every setting.
      for (int r = 0; r < repeats; r++) {
        for (String runner : runners) {
          for (String interval : intervals) {
            Run run = benchmark.run(runner, interval, false);
            System.out.printf("%s, checkpoints %s, run %d: %s%n", runner, interval, r + 1, run.describe());
            throughput.computeIfAbsent(runner + " " + interval, k -> new ArrayList<>()).add(run);
          }
          if (!recoveryInterval.equals("off")) {
            Run run = benchmark.run(runner, recoveryInterval, true);
            System.out.printf("%s, checkpoints %s, failure, run %d: %s%n", runner, recoveryInterval, r + 1, run.describe());
            recovery.computeIfAbsent(runner, k -> new ArrayList<>()).add(run);
          }
        }
      }
      System.out.printf(
          "%nWindowed counts over a %,d-event backlog, parallelism %d, -Xmx%s, median of %d runs%n",
          benchmark.backlog, benchmark.parallelism, benchmark.heap, repeats);
      printThroughput(runners, intervals, throughput);
      if (!recoveryInterval.equals("off")) {
        printRecovery(runners, recoveryInterval, throughput, recovery);
      }
    } finally {
      deleteCheckpoints(work);
    }
  }

  /** One run: a fresh backlog on fresh topics, the job in its own process until the last pane. */
  private Run run(String runner, String interval, boolean failure) throws Exception {
    String id = runner + "-" + runs++;
    String in = "backlog-in-" + id;
    String out = "backlog-out-" + id;
    long firstEvent = StreamingBenchmark.writeBacklog(servers, in, out, backlog, runner);
    Path checkpoints = work.resolve("checkpoints-" + id);
    Path marker = work.resolve("failed-" + id);
    List<String> args = new ArrayList<>(StreamingBenchmark.jobArgs(servers, in, out));
    args.addAll(runnerArgs(runner, interval, checkpoints));
    if (failure) {
      args.add("--failAtEventTimeMillis=" + StreamingBenchmark.backlogEventTime(firstEvent, backlog / 2));
      args.add("--failMarker=" + marker);
    }
    long start = System.currentTimeMillis();
    BacklogPanes panes;
    Path log = work.resolve(id + ".log");
    try (JobProcess job = JobProcess.start(runner, nexmarkTarget, heap, log, args)) {
      panes = StreamingBenchmark.readPanes(servers, out, backlog, job::ended);
    }
    CheckpointLog checkpointLog = CheckpointLog.read(log);
    StreamingBenchmark.Throughput throughput =
        StreamingBenchmark.Throughput.of(panes, backlog, start, checkpointLog.count(), runner);
    if (throughput.counted() < backlog) {
      System.out.printf(
          "%s run %s counted %,d of %,d events (%,d panes read) in %.1f s; its log: %s%n",
          runner, id, throughput.counted(), backlog, panes.panes(), (System.currentTimeMillis() - start) / 1000.0, log);
    }
    double[] recovery = failure ? recoverySeconds(panes, marker) : new double[] {Double.NaN, Double.NaN};
    long lastPane = panes.closedAt().values().stream().mapToLong(Long::longValue).max().orElse(start);
    return new Run(throughput, checkpointLog, recovery[0], recovery[1], (lastPane - start) / 1000.0);
  }

  private List<String> runnerArgs(String runner, String interval, Path checkpoints) {
    boolean on = !interval.equals("off");
    List<String> args = new ArrayList<>();
    args.add("--parallelism=" + parallelism);
    if (runner.equals("solstice")) {
      args.add("--runner=SolsticeRunner");
      if (on) {
        args.add("--checkpointingInterval=" + interval);
        args.add("--checkpointLocation=" + checkpoints.toUri());
        args.add("--maxRestarts=" + RESTARTS);
        args.add("--restartDelay=" + RESTART_DELAY_MILLIS);
      }
    } else {
      args.add("--runner=FlinkRunner");
      args.add("--flinkMaster=[local]");
      args.add("--streaming=true");
      // KafkaIO's UnboundedSource, read by the Flink runner's own source wrapper: its usual path.
      args.add("--experiments=use_deprecated_read");
      if (on) {
        args.add("--checkpointingInterval=" + interval);
        args.add("--stateBackend=filesystem");
        args.add("--stateBackendStoragePath=" + checkpoints.toUri());
        args.add("--numberOfExecutionRetries=" + RESTARTS);
        args.add("--executionRetryDelay=" + RESTART_DELAY_MILLIS);
      }
    }
    return args;
  }

  /**
   * Seconds from the failure (the time the job wrote to the marker) to the restarted job's first
   * element (the time its first instance wrote to the marker plus {@code .resumed}), and to the
   * completion of the first window with no on-time pane out at the failure (which may still hold
   * panes the failing job wrote while it was being stopped).
   */
  private static double[] recoverySeconds(BacklogPanes panes, Path marker) throws IOException {
    Path resumed = Path.of(marker + ".resumed");
    if (!Files.exists(marker) || !Files.exists(resumed)) {
      return new double[] {Double.NaN, Double.NaN};
    }
    long failedAt = readMillis(marker);
    OptionalLong window = panes.firstWholeWindowAfter(failedAt);
    return new double[] {
      (readMillis(resumed) - failedAt) / 1000.0,
      window.isPresent() ? (window.getAsLong() - failedAt) / 1000.0 : Double.NaN
    };
  }

  private static long readMillis(Path file) throws IOException {
    return Long.parseLong(Files.readString(file, StandardCharsets.UTF_8).trim());
  }

  private static void printThroughput(List<String> runners, List<String> intervals, Map<String, List<Run>> runs) {
    System.out.println(
        "| runner | checkpoints | events/s, first to last window (runs) | median | vs off | start to last window, s |"
            + " checkpoints per run | checkpoint duration median / max, size |");
    System.out.println("|---|---|---|---:|---:|---:|---|---|");
    for (String runner : runners) {
      double off = Double.NaN;
      for (String interval : intervals) {
        List<Run> setting = runs.get(runner + " " + interval);
        if (setting == null) {
          continue;
        }
        Run median = Medians.median(setting, run -> run.throughput().eventsPerSecond());
        double perSecond = median.throughput().eventsPerSecond();
        if (interval.equals("off")) {
          off = perSecond;
        }
        System.out.printf(
            "| %s | %s | %s | %,.0f | %s | %.1f | %s | %s |%n",
            runner,
            interval.equals("off") ? "off" : "every " + interval + " ms",
            join(setting, run -> String.format("%,.0f", run.throughput().eventsPerSecond())),
            perSecond,
            Double.isNaN(off) ? "" : String.format("%.2f", perSecond / off),
            Medians.median(setting, Run::seconds).seconds(),
            join(setting, run -> String.valueOf(run.checkpoints().count())),
            median.checkpoints().summary());
      }
    }
  }

  private static void printRecovery(
      List<String> runners, String interval, Map<String, List<Run>> throughput, Map<String, List<Run>> recovery) {
    System.out.printf(
        "%nRecovery: one failure at the backlog's middle event, checkpoints every %s ms, restart delay %d ms%n",
        interval, RESTART_DELAY_MILLIS);
    System.out.println(
        "| runner | failure to the restarted job's first element, s (runs) | median | failure to the next whole"
            + " window out, s (runs) | start to last window, s, with the failure | without |");
    System.out.println("|---|---|---:|---|---:|---:|");
    for (String runner : runners) {
      List<Run> runs = recovery.get(runner);
      if (runs == null) {
        continue;
      }
      List<Run> withoutFailure = throughput.getOrDefault(runner + " " + interval, List.of());
      System.out.printf(
          "| %s | %s | %.1f | %s | %.1f | %s |%n",
          runner,
          join(runs, run -> String.format("%.1f", run.resumedSeconds())),
          Medians.median(runs, Run::resumedSeconds).resumedSeconds(),
          join(runs, run -> String.format("%.1f", run.nextWindowSeconds())),
          Medians.median(runs, Run::seconds).seconds(),
          withoutFailure.isEmpty() ? "not run" : String.format("%.1f", Medians.median(withoutFailure, Run::seconds).seconds()));
    }
  }

  private static String join(List<Run> runs, java.util.function.Function<Run, String> figure) {
    return String.join(" · ", runs.stream().map(figure).toList());
  }

  private static void deleteCheckpoints(Path work) throws IOException {
    try (Stream<Path> files = Files.walk(work)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        if (!file.toString().endsWith(".log") && !file.equals(work)) {
          Files.delete(file);
        }
      }
    }
  }

  /**
   * @param resumedSeconds from the failure to the restarted job's first element (NaN: no failure)
   * @param nextWindowSeconds from the failure to the next whole window out (NaN: no failure)
   * @param seconds from the process's start to the last window's on-time pane
   */
  private record Run(
      StreamingBenchmark.Throughput throughput,
      CheckpointLog checkpoints,
      double resumedSeconds,
      double nextWindowSeconds,
      double seconds) {
    String describe() {
      return String.format(
          "%s events/s first to last window, %.1f s start to last window, %d checkpoints%s",
          throughput, seconds, checkpoints.count(),
          Double.isNaN(resumedSeconds)
              ? ""
              : String.format(
                  ", %.1f s from the failure to the restarted job's first element, %.1f s to the next whole window",
                  resumedSeconds, nextWindowSeconds));
    }
  }
}
