package io.solstice.examples.faults;

import io.solstice.engine.fault.Fault;
import io.solstice.engine.fault.FaultPlan;
import io.solstice.engine.queue.kafka.EmbeddedKafkaBroker;
import io.solstice.examples.BenchmarkArgs;
import io.solstice.runner.SolsticePipelineResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * Fault-injection trials of exactly-once: the {@link KeyedTotalsJob} reads records from a real
 * Kafka broker (embedded, 127.0.0.1), keeps keyed state with timers and writes through the
 * exactly-once Kafka sink; each trial kills one role, or two workers at once, at a random point
 * (mid-bundle, while aligning, after writing a snapshot, after acknowledging it, a stage master),
 * and the job restarts from its latest checkpoint. A trial passes when the output topic, read with
 * {@code read_committed}, is identical as a multiset to a failure-free run's.
 *
 * <p>Run: {@code java -Xmx6g -jar examples/target/solstice-examples.jar fault-trials
 * [--records=1000000] [--trials=20] [--seed=1] [--parallelism=2] [--checkpointingInterval=1000]
 * [runner options]}: any other option goes to the runner, so that {@code --rayMode=CLUSTER
 * --executorSlots=1} (with the cluster jar) runs the trials on a Ray cluster, where a fault halts
 * an executor process.
 */
public final class FaultTrials {
  /** Input partitions: enough that each reader worker is almost surely given some to read. */
  static final int PARTITIONS = 8;

  /**
   * The stages a random fault hits, by part of their names: the one that reads Kafka's partitions,
   * and the keyed state and sink. (The stage that finds the partitions ends within a second, before
   * most faults could reach it.)
   */
  static final List<String> STAGES = List.of("ProcessKeyedElements", KeyedTotalsJob.TOTALS);

  private final EmbeddedKafkaBroker broker;
  private final TrialTopics topics;
  private final Path checkpoints;
  private final int parallelism;
  private final long interval;
  private final List<String> runnerArgs;
  private String input;
  private Instant endOfInput;
  private long records;
  private int partitions;

  /** One run of the job and what its output showed. */
  public record Outcome(
      String name,
      String faults,
      PipelineResult.State state,
      List<Long> restoredFrom,
      long millis,
      long missing,
      long extra,
      Map<String, Long> missingFrom) {
    /** Whether the job ran until cancelled and wrote exactly the expected output. */
    public boolean identical() {
      return state == PipelineResult.State.CANCELLED && missing == 0 && extra == 0;
    }

    /** Whether an injected fault fired: the job restarted. */
    public boolean faultFired() {
      return !restoredFrom.isEmpty();
    }

    @Override
    public String toString() {
      return String.format(
          "%-10s %-8s in %6.1f s, restarts from checkpoints %-12s missing %d%s, extra %d: %s   faults %s",
          name,
          state,
          millis / 1000.0,
          restoredFrom,
          missing,
          missingFrom.isEmpty() ? "" : " " + missingFrom,
          extra,
          identical() ? "IDENTICAL" : "DIFFERENT",
          faults);
    }
  }

  public FaultTrials(EmbeddedKafkaBroker broker, Path checkpoints, int parallelism, long interval, List<String> runnerArgs) {
    this.runnerArgs = List.copyOf(runnerArgs);
    this.broker = broker;
    this.topics = new TrialTopics(broker.bootstrapServers());
    this.checkpoints = checkpoints;
    this.parallelism = parallelism;
    this.interval = interval;
  }

  /** Writes the input topic: {@code records} values over {@code keys} keys. */
  public void writeInput(long records, int keys, int partitions) throws Exception {
    this.input = "trial-input";
    this.records = records;
    this.partitions = partitions;
    topics.create(input, partitions);
    this.endOfInput = topics.writeInput(input, partitions, records, keys);
  }

  /**
   * Runs the job once with {@code plan}'s faults until its committed output is complete (the job
   * streams on: then it is cancelled), and compares that output with {@code expected}.
   */
  public Outcome run(String name, FaultPlan plan, Map<String, Integer> expected) throws Exception {
    return run(name, plan, expected, List.of());
  }

  /** The same, with more runner options for this run (where its checkpoints go, say). */
  public Outcome run(String name, FaultPlan plan, Map<String, Integer> expected, List<String> moreArgs) throws Exception {
    String output = "trial-output-" + name;
    topics.create(output, 2);
    List<String> args =
        new ArrayList<>(
            List.of(
                "--runner=SolsticeRunner",
                "--parallelism=" + parallelism,
                "--checkpointingInterval=" + interval,
                "--maxRestarts=3",
                "--restartDelay=200",
                "--progressIntervalSeconds=30",
                // KafkaIO's legacy reader needs a method kafka-clients 4 removed: its SDF reader.
                "--experiments=use_sdf_read"));
    args.addAll(runnerArgs);
    args.addAll(moreArgs);
    if (args.stream().noneMatch(arg -> arg.startsWith("--checkpointLocation="))) {
      args.add("--checkpointLocation=" + Files.createDirectories(checkpoints.resolve(name)));
    }
    if (!plan.isEmpty()) {
      args.add("--faultInjection=" + plan);
    }
    PipelineOptions options = PipelineOptionsFactory.fromArgs(args.toArray(new String[0])).create();
    long start = System.currentTimeMillis();
    SolsticePipelineResult result =
        (SolsticePipelineResult)
            KeyedTotalsJob.build(options, broker.bootstrapServers(), input, endOfInput, output, "trial-" + name).run();
    long expectedCount = expected.values().stream().mapToLong(Integer::longValue).sum();
    topics.readCommitted(output, expectedCount);
    long millis = System.currentTimeMillis() - start;
    PipelineResult.State state = result.getState();
    if (!state.isTerminal()) {
      result.cancel();
      state = result.waitUntilFinish(Duration.standardMinutes(2));
    }
    // Read again once the job has stopped: nothing committed late is missed.
    Map<String, Integer> seen = topics.readCommitted(output, expectedCount);
    return new Outcome(
        name,
        plan.toString(),
        state,
        result.restoredFrom(),
        millis,
        missing(expected, seen),
        missing(seen, expected),
        missingFrom(expected, seen, partitions));
  }

  /**
   * Where the missing output's records came from: their input partition ({@code value %
   * partitions}), or "totals", so that a loss confined to one partition's reader shows as such.
   */
  static Map<String, Long> missingFrom(Map<String, Integer> wanted, Map<String, Integer> got, int partitions) {
    Map<String, Long> from = new TreeMap<>();
    for (Map.Entry<String, Integer> entry : wanted.entrySet()) {
      long lacking = Math.max(0, entry.getValue() - got.getOrDefault(entry.getKey(), 0));
      if (lacking > 0) {
        String value = entry.getKey().substring(entry.getKey().indexOf('|') + 1);
        String source =
            value.startsWith("r:") ? "partition " + Long.parseLong(value.substring(2)) % partitions : "totals";
        from.merge(source, lacking, Long::sum);
      }
    }
    return from;
  }

  /** How many copies {@code wanted} has that {@code got} lacks. */
  static long missing(Map<String, Integer> wanted, Map<String, Integer> got) {
    long missing = 0;
    for (Map.Entry<String, Integer> entry : wanted.entrySet()) {
      missing += Math.max(0, entry.getValue() - got.getOrDefault(entry.getKey(), 0));
    }
    return missing;
  }

  /**
   * A random plan: usually one role, a quarter of the time two workers at the same point and hit
   * (killed together), with hits low enough to come in a run of the job's length.
   */
  public FaultPlan randomPlan(Random random) {
    int maxSplitHit = (int) Math.max(1, Math.min(200, records / 50_000));
    Map<String, Integer> stages = new LinkedHashMap<>();
    STAGES.forEach(stage -> stages.put(stage, parallelism));
    Fault first = FaultPlan.random(random, stages, maxSplitHit);
    if (first.point().onMaster() || stages.get(first.stage()) < 2 || random.nextInt(4) != 0) {
      return new FaultPlan(List.of(first));
    }
    Fault second = new Fault(first.point(), first.stage(), 1 - Math.min(first.worker(), 1), first.hit(), 1);
    return new FaultPlan(List.of(first, second));
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }

  /** The arguments that are not the harness's own: they go to the runner. */
  private static List<String> runnerArgs(String[] args) {
    List<String> own = List.of("records", "trials", "seed", "keys", "parallelism", "checkpointingInterval");
    return Arrays.stream(args).filter(arg -> own.stream().noneMatch(name -> arg.startsWith("--" + name + "="))).toList();
  }

  public static void main(String[] args) throws Exception {
    BenchmarkArgs arguments = new BenchmarkArgs(args);
    long records = arguments.longArg("records", 1_000_000);
    int trials = arguments.intArg("trials", 20);
    long seed = arguments.longArg("seed", 1);
    int keys = arguments.intArg("keys", 1_000);
    Random random = new Random(seed);
    Path checkpoints = Files.createTempDirectory("solstice-fault-trials");
    List<Outcome> outcomes = new ArrayList<>();
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
      FaultTrials harness =
          new FaultTrials(
              broker,
              checkpoints,
              arguments.intArg("parallelism", 2),
              arguments.longArg("checkpointingInterval", 1_000),
              runnerArgs(args));
      harness.writeInput(records, keys, PARTITIONS);
      Map<String, Integer> expected = KeyedTotalsJob.expectedOutput(records, keys);
      Outcome reference = harness.run("reference", FaultPlan.none(), expected);
      System.out.println(reference);
      if (!reference.identical()) {
        throw new IllegalStateException("The failure-free run's output is not the expected one: " + reference);
      }
      for (int trial = 1; trial <= trials; trial++) {
        Outcome outcome = harness.run("trial-" + trial, harness.randomPlan(random), expected);
        System.out.println(outcome);
        outcomes.add(outcome);
      }
    } finally {
      deleteTree(checkpoints);
    }
    long identical = outcomes.stream().filter(Outcome::identical).count();
    long fired = outcomes.stream().filter(Outcome::faultFired).count();
    Map<String, Integer> byPoint = new HashMap<>();
    outcomes.forEach(o -> byPoint.merge(o.faults().split(":")[0], 1, Integer::sum));
    System.out.printf(
        "%nRecords %,d, seed %d: %d of %d trials identical to the failure-free run (read_committed, as a multiset);"
            + " the fault fired (the job restarted) in %d; kill points %s%n",
        records, seed, identical, outcomes.size(), fired, byPoint);
    if (identical < outcomes.size()) {
      System.exit(1);
    }
  }
}
