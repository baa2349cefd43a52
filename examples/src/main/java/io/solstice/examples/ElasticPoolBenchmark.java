package io.solstice.examples;

import io.solstice.engine.control.PoolSize;
import io.solstice.runner.SolsticePipelineOptions;
import io.solstice.runner.SolsticePipelineResult;
import io.solstice.runner.SolsticeRunner;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.state.StateSpec;
import org.apache.beam.sdk.state.StateSpecs;
import org.apache.beam.sdk.state.ValueState;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.PeriodicImpulse;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * Elastic pools under a load step: a stream whose rate steps up (5x by default) and back down,
 * through a keyed stateful stage ("Work") that costs a fixed time per element (a sleep, so that
 * more workers do help on a 2-core machine), run with that stage's pool autoscaled between MIN and
 * MAX, fixed at MIN, and fixed at MAX. Per run: end-to-end latency percentiles (from an element's
 * scheduled time to the end of its processing), how long after the step down the stage still ran
 * more than a second behind (its backlog), the stage's worker-seconds (its pool sizes over the
 * run, from {@link SolsticePipelineResult#poolSizes()}) and its pool sizes in turn.
 *
 * <p>Latencies are gathered in this JVM (Ray's local mode runs the workers here too).
 *
 * <p>Run: {@code java -jar solstice-examples.jar elastic-pool-benchmark [--rate=200] [--step=5]
 * [--phaseSeconds=10] [--costMillis=2] [--min=1] [--max=4] [--cooldown=3000] [--parallelism=2]
 * [--repeats=1]}
 */
public final class ElasticPoolBenchmark {
  private static final int KEYS = 100;
  private static final long BEHIND_MILLIS = 1_000;
  /** Per processed element: its scheduled time and when its processing ended (epoch millis). */
  private static final ConcurrentLinkedQueue<long[]> PROCESSED = new ConcurrentLinkedQueue<>();

  private ElasticPoolBenchmark() {}

  /** Counts each key's elements in state, taking {@code costMillis} an element, and notes when. */
  static final class Work extends DoFn<KV<Long, Long>, Long> {
    private final long costMillis;

    @StateId("count")
    private final StateSpec<ValueState<Long>> count = StateSpecs.value(VarLongCoder.of());

    Work(long costMillis) {
      this.costMillis = costMillis;
    }

    @ProcessElement
    public void process(
        @Element KV<Long, Long> element, @StateId("count") ValueState<Long> count, OutputReceiver<Long> out)
        throws InterruptedException {
      Thread.sleep(costMillis);
      long seen = count.read() == null ? 1 : count.read() + 1;
      count.write(seen);
      PROCESSED.add(new long[] {element.getValue(), System.currentTimeMillis()});
      out.output(seen);
    }
  }

  /** One configuration of the stage's pool. */
  private record Config(String name, int min, int max) {}

  /** What one run measured. */
  private record Run(
      Config config, long[] latencies, double behindAfterStepDownSeconds, double workerSeconds, List<Integer> sizes) {
    long percentile(double p) {
      return latencies.length == 0 ? -1 : latencies[(int) Math.min(latencies.length - 1, Math.floor(p * latencies.length))];
    }
  }

  public static void main(String[] args) throws Exception {
    BenchmarkArgs arguments = new BenchmarkArgs(args);
    long rate = arguments.longArg("rate", 200);
    long step = arguments.longArg("step", 5);
    long phaseSeconds = arguments.longArg("phaseSeconds", 10);
    long costMillis = arguments.longArg("costMillis", 2);
    int min = arguments.intArg("min", 1);
    int max = arguments.intArg("max", 4);
    long cooldown = arguments.longArg("cooldown", 3_000);
    int parallelism = arguments.intArg("parallelism", 2);
    int repeats = arguments.intArg("repeats", 1);
    if (1000 % rate != 0 || 1000 % (rate * step) != 0) {
      throw new IllegalArgumentException("--rate and --rate x --step must divide 1000 (one element every whole ms)");
    }
    List<Config> configs =
        List.of(
            new Config("autoscaled " + min + ".." + max, min, max),
            new Config("fixed at " + min, min, min),
            new Config("fixed at " + max, max, max));
    List<List<Run>> runs = new ArrayList<>();
    for (Config config : configs) {
      List<Run> ofConfig = new ArrayList<>();
      for (int i = 0; i < repeats; i++) {
        Run run = run(config, rate, step, phaseSeconds, costMillis, cooldown, parallelism);
        System.out.println(describe(run));
        ofConfig.add(run);
      }
      runs.add(ofConfig);
    }
    System.out.printf(
        Locale.ROOT,
        "%nLoad step: %d elements/s for %d s, %d/s for %d s, %d/s for %d s; stage 'Work' costs %d ms an element"
            + " (one worker does %d/s), %d keys; other stages %d workers; --scaleCooldown=%d; median of %d by p99%n",
        rate, phaseSeconds, rate * step, phaseSeconds, rate, 2 * phaseSeconds, costMillis, 1000 / costMillis, KEYS,
        parallelism, cooldown, repeats);
    System.out.println(
        "| pool of 'Work' | latency p50 ms | p95 ms | p99 ms | max ms | behind > 1 s after the step down, s | worker-seconds | pool sizes |");
    System.out.println("|---|---:|---:|---:|---:|---:|---:|---|");
    for (List<Run> ofConfig : runs) {
      System.out.println(describe(Medians.median(ofConfig, r -> r.percentile(0.99))));
    }
  }

  private static String describe(Run run) {
    return String.format(
        Locale.ROOT,
        "| %s | %d | %d | %d | %d | %.1f | %.0f | %s |",
        run.config().name(), run.percentile(0.5), run.percentile(0.95), run.percentile(0.99), run.percentile(1.0),
        run.behindAfterStepDownSeconds(), run.workerSeconds(), run.sizes());
  }

  private static Run run(
      Config config, long rate, long step, long phaseSeconds, long costMillis, long cooldown, int parallelism) {
    PROCESSED.clear();
    SolsticePipelineOptions options = PipelineOptionsFactory.create().as(SolsticePipelineOptions.class);
    options.setRunner(SolsticeRunner.class);
    options.setParallelism(parallelism);
    options.setStageWorkerPools("Work=" + config.min() + ".." + config.max());
    options.setScaleCooldown(cooldown);
    Pipeline pipeline = Pipeline.create(options);
    Instant start = Instant.now().plus(Duration.standardSeconds(3));
    Instant stepUp = start.plus(Duration.standardSeconds(phaseSeconds));
    Instant stepDown = stepUp.plus(Duration.standardSeconds(phaseSeconds));
    Instant end = stepDown.plus(Duration.standardSeconds(2 * phaseSeconds));
    PCollection<Instant> before = pipeline.apply("Before", ticks(start, stepUp, 1000 / rate));
    PCollection<Instant> during = pipeline.apply("During", ticks(stepUp, stepDown, 1000 / (rate * step)));
    PCollection<Instant> after = pipeline.apply("After", ticks(stepDown, end, 1000 / rate));
    PCollectionList.of(before).and(during).and(after)
        .apply(Flatten.pCollections())
        .apply(
            "Key",
            MapElements.into(TypeDescriptors.kvs(TypeDescriptors.longs(), TypeDescriptors.longs()))
                .via(t -> KV.of(t.getMillis() % KEYS, t.getMillis())))
        .apply("Work", ParDo.of(new Work(costMillis)));
    SolsticePipelineResult result = (SolsticePipelineResult) pipeline.run();
    if (result.waitUntilFinish() != PipelineResult.State.DONE) {
      throw new IllegalStateException(config.name() + ": the job ended " + result.getState());
    }
    long finished = System.currentTimeMillis();
    long[] latencies = PROCESSED.stream().mapToLong(e -> e[1] - e[0]).sorted().toArray();
    long lastBehind =
        PROCESSED.stream().filter(e -> e[1] - e[0] > BEHIND_MILLIS).mapToLong(e -> e[1]).max().orElse(stepDown.getMillis());
    List<PoolSize> pool = poolOf(result.poolSizes(), "Work");
    double workerMillis = 0;
    for (int i = 0; i < pool.size(); i++) {
      long until = i + 1 < pool.size() ? pool.get(i + 1).sinceMillis() : finished;
      workerMillis += (double) pool.get(i).workers() * (until - pool.get(i).sinceMillis());
    }
    return new Run(
        config,
        latencies,
        Math.max(0, lastBehind - stepDown.getMillis()) / 1000.0,
        workerMillis / 1000.0,
        pool.stream().map(PoolSize::workers).toList());
  }

  private static PeriodicImpulse ticks(Instant from, Instant to, long intervalMillis) {
    // PeriodicImpulse includes its stop time: stop one interval short, so phases do not overlap.
    return PeriodicImpulse.create()
        .startAt(from)
        .stopAt(to.minus(Duration.millis(intervalMillis)))
        .withInterval(Duration.millis(intervalMillis));
  }

  private static List<PoolSize> poolOf(Map<String, List<PoolSize>> pools, String transform) {
    return pools.entrySet().stream()
        .filter(stage -> stage.getKey().startsWith(transform + "/") || stage.getKey().startsWith(transform + " "))
        .map(Map.Entry::getValue)
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("No stage of " + transform + " in " + pools.keySet()));
  }
}
