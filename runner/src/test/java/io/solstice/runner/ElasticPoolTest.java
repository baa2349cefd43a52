package io.solstice.runner;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.solstice.runner.testing.Causes;
import io.solstice.runner.testing.CountingStreamJob;
import io.solstice.runner.testing.LinesSink;
import io.solstice.runner.testing.PoolSizes;
import io.solstice.runner.testing.SlowRunningCount;
import io.solstice.runner.testing.ShardedBatchJob;
import io.solstice.runner.testing.SlowShardedNumbers;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.metrics.GaugeResult;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricQueryResults;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.apache.beam.sdk.state.StateSpec;
import org.apache.beam.sdk.state.StateSpecs;
import org.apache.beam.sdk.state.TimeDomain;
import org.apache.beam.sdk.state.Timer;
import org.apache.beam.sdk.state.TimerSpec;
import org.apache.beam.sdk.state.TimerSpecs;
import org.apache.beam.sdk.state.ValueState;
import org.apache.beam.sdk.io.Read;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.Sum;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.windowing.GlobalWindow;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Elastic pools: a stateful stage that cannot keep up with its stream grows its pool while the
 * job runs, its keyed state moving to the new workers at a checkpoint, and every key's running
 * count comes out exactly once; bad bounds fail before the job starts.
 */
public class ElasticPoolTest {
  /** 8 s of stream at 500 elements/s, more than one slow worker's 250/s. */
  private static final long ELEMENTS = 4_000;
  private static final int KEYS = 10;

  @Rule public TemporaryFolder folder = new TemporaryFolder();

  /**
   * As {@link SlowRunningCount}, but slow (4 ms an element) only for a middle stretch of the stream: the
   * load steps up from next to nothing to twice what one worker does, and back down.
   */
  static final class SteppedCount extends DoFn<KV<Long, Long>, String> {
    private final long heavyFrom;
    private final long heavyTo;

    @StateId("count")
    private final StateSpec<ValueState<Long>> count = StateSpecs.value(VarLongCoder.of());

    SteppedCount(long heavyFrom, long heavyTo) {
      this.heavyFrom = heavyFrom;
      this.heavyTo = heavyTo;
    }

    @ProcessElement
    public void process(
        @Element KV<Long, Long> element, @StateId("count") ValueState<Long> count, OutputReceiver<String> out)
        throws InterruptedException {
      if (element.getValue() >= heavyFrom && element.getValue() < heavyTo) {
        Thread.sleep(4);
      }
      long seen = count.read() == null ? 1 : count.read() + 1;
      count.write(seen);
      out.output(element.getKey() + "=" + seen);
    }
  }

  /** As {@link SlowRunningCount}, emitting each key's count once, when the stream ends (a timer). */
  static final class SlowFinalCount extends DoFn<KV<Long, Long>, String> {
    @StateId("count")
    private final StateSpec<ValueState<Long>> count = StateSpecs.value(VarLongCoder.of());

    @StateId("key")
    private final StateSpec<ValueState<Long>> key = StateSpecs.value(VarLongCoder.of());

    @TimerId("end")
    private final TimerSpec end = TimerSpecs.timer(TimeDomain.EVENT_TIME);

    @ProcessElement
    public void process(
        @Element KV<Long, Long> element,
        @StateId("count") ValueState<Long> count,
        @StateId("key") ValueState<Long> key,
        @TimerId("end") Timer end)
        throws InterruptedException {
      Thread.sleep(4);
      count.write(count.read() == null ? 1 : count.read() + 1);
      key.write(element.getKey());
      end.set(GlobalWindow.INSTANCE.maxTimestamp());
    }

    @OnTimer("end")
    public void onEnd(
        @StateId("count") ValueState<Long> count, @StateId("key") ValueState<Long> key, OutputReceiver<String> out) {
      out.output(key.read() + "=" + count.read());
    }
  }

  private static void build(Pipeline pipeline, Path output) {
    Instant start = Instant.now().plus(Duration.standardSeconds(1));
    CountingStreamJob.keyedStream(pipeline, start, ELEMENTS)
        .apply("SlowCount", ParDo.of(new SlowRunningCount(4)))
        .apply("Write", ParDo.of(new LinesSink(output)));
  }

  private static List<String> expected() {
    return expected(ELEMENTS);
  }

  /** Per key, how many of the stream's elements it has. */
  private static long[] perKey(long elements) {
    // PeriodicImpulse emits its start, its stop and every interval between: elements + 1 in all.
    long[] perKey = new long[KEYS];
    for (long i = 0; i <= elements; i++) {
      perKey[(int) (i % KEYS)]++;
    }
    return perKey;
  }

  private static List<String> expected(long elements) {
    long[] perKey = perKey(elements);
    List<String> lines = new ArrayList<>();
    for (int key = 0; key < KEYS; key++) {
      for (long n = 1; n <= perKey[key]; n++) {
        lines.add(key + "=" + n);
      }
    }
    lines.sort(null);
    return lines;
  }

  private SolsticePipelineOptions options(String pools) throws Exception {
    SolsticePipelineOptions options = TestOptions.solstice(2);
    options.setStageWorkerPools(pools);
    options.setScaleCooldown(1_000);
    options.setCheckpointLocation(folder.newFolder().toURI().toString());
    return options;
  }

  @Test
  public void aLaggingStatefulStageGrowsItsPoolAndEveryCountComesOnce() throws Exception {
    Path output = folder.newFolder("output").toPath();
    Pipeline pipeline = Pipeline.create(options("SlowCount=1..4"));
    build(pipeline, output);
    SolsticePipelineResult result = (SolsticePipelineResult) pipeline.run();
    assertEquals(PipelineResult.State.DONE, result.waitUntilFinish());
    assertTrue("the pool was rescaled: " + result.retiredWorkers() + " workers retired", result.retiredWorkers() > 0);
    List<Integer> sizes = PoolSizes.of(result, "SlowCount");
    assertTrue("the pool grew past 1: " + sizes, sizes.size() > 1 && sizes.get(sizes.size() - 1) > 1);
    assertExactly(expected(), CountingStreamJob.writtenLines(output));
  }

  /** Equal as multisets, or a failure saying how many lines are missing and extra, with a few of each. */
  private static void assertExactly(List<String> expected, List<String> actual) {
    List<String> missing = new ArrayList<>(expected);
    List<String> extra = new ArrayList<>();
    for (String line : actual) {
      if (!missing.remove(line)) {
        extra.add(line);
      }
    }
    assertTrue(
        "missing " + missing.size() + " " + missing.subList(0, Math.min(10, missing.size())) + ", extra " + extra.size()
            + " " + extra.subList(0, Math.min(10, extra.size())),
        missing.isEmpty() && extra.isEmpty());
  }

  @Test
  public void aLoadStepGrowsThePoolAndItShrinksBackToMin() throws Exception {
    long elements = 10_000;
    Path output = folder.newFolder("output").toPath();
    Pipeline pipeline = Pipeline.create(options("SteppedCount=1..4"));
    Instant start = Instant.now().plus(Duration.standardSeconds(1));
    CountingStreamJob.keyedStream(pipeline, start, elements)
        .apply("SteppedCount", ParDo.of(new SteppedCount(1_000, 4_000)))
        .apply("Write", ParDo.of(new LinesSink(output)));
    SolsticePipelineResult result = (SolsticePipelineResult) pipeline.run();
    assertEquals(PipelineResult.State.DONE, result.waitUntilFinish());
    List<Integer> sizes = PoolSizes.of(result, "SteppedCount");
    assertTrue("the pool grew and came back to 1: " + sizes, sizes != null && sizes.stream().anyMatch(n -> n > 1) && sizes.get(sizes.size() - 1) == 1);
    assertExactly(expected(elements), CountingStreamJob.writtenLines(output));
    // The same through Beam's metrics: the stage's last size and how often it changed.
    MetricQueryResults pool =
        result.metrics().queryMetrics(MetricsFilter.builder().addNameFilter(MetricNameFilter.inNamespace("solstice")).build());
    GaugeResult workers = stageMetric(pool.getGauges(), "SteppedCount").getCommitted();
    assertEquals(1, workers.getValue());
    assertEquals(sizes.size() - 1, (long) stageMetric(pool.getCounters(), "SteppedCount").getCommitted());
  }

  private static <T> MetricResult<T> stageMetric(Iterable<MetricResult<T>> results, String transform) {
    for (MetricResult<T> result : results) {
      if (result.getKey().stepName().startsWith(transform + "/") || result.getKey().stepName().startsWith(transform + " ")) {
        return result;
      }
    }
    throw new AssertionError("no solstice metric for the stage of " + transform + " in " + results);
  }

  /**
   * With checkpoints on, a worker dies after writing its state at the rescale's checkpoint and
   * before it retires: the job restarts from its latest checkpoint (at the pool's least size, the
   * state divided anew) and every key's final count comes out once.
   */
  @Test
  public void aWorkerKilledAsItRetiresLeavesTheCountsExactlyOnce() throws Exception {
    Path output = folder.newFolder("output").toPath();
    SolsticePipelineOptions options = options("SlowFinalCount=1..4");
    options.setCheckpointingInterval(500L);
    options.setMaxRestarts(2);
    options.setRestartDelay(100);
    options.setFaultInjection("RETIRING:SlowFinalCount:0:1:1");
    Pipeline pipeline = Pipeline.create(options);
    Instant start = Instant.now().plus(Duration.standardSeconds(1));
    // 24 s of stream: the rescale and the death come in its first half, with the counts in state.
    long elements = 12_000;
    CountingStreamJob.keyedStream(pipeline, start, elements)
        .apply("SlowFinalCount", ParDo.of(new SlowFinalCount()))
        .apply("Write", ParDo.of(new LinesSink(output)));
    SolsticePipelineResult result = (SolsticePipelineResult) pipeline.run();
    assertEquals(PipelineResult.State.DONE, result.waitUntilFinish());
    assertEquals("restarted once, after the injected death", 1, result.restoredFrom().size());
    assertTrue(
        "the restarted job went on streaming: " + result.completedCheckpoints() + " checkpoints",
        result.completedCheckpoints() >= 5);
    long[] perKey = perKey(elements);
    List<String> expected = new ArrayList<>();
    for (int key = 0; key < KEYS; key++) {
      expected.add(key + "=" + perKey[key]);
    }
    expected.sort(null);
    assertExactly(expected, CountingStreamJob.writtenLines(output));
  }

  /**
   * A batch job: the stage reading a slow source's 64 shards grows its pool while shards wait, each
   * shard read once, and the sums come out exact.
   */
  @Test
  public void aSourceStageGrowsItsPoolWhileItsShardsLast() throws Exception {
    int shards = 64;
    long perShard = 50;
    Path output = folder.newFolder("output").toPath();
    Pipeline pipeline = Pipeline.create(options("SlowRead=1..4"));
    pipeline
        .apply("SlowRead", Read.from(new SlowShardedNumbers(shards, perShard, 200)))
        .apply(ParDo.of(new ShardedBatchJob.CountRead()))
        .apply(MapElements.into(TypeDescriptors.kvs(TypeDescriptors.longs(), TypeDescriptors.longs())).via(n -> KV.of(n % 10, n)))
        .apply(Sum.longsPerKey())
        .apply(MapElements.into(TypeDescriptors.strings()).via(kv -> kv.getKey() + "=" + kv.getValue()))
        .apply(ParDo.of(new LinesSink(output)));
    SolsticePipelineResult result = (SolsticePipelineResult) pipeline.run();
    assertEquals(PipelineResult.State.DONE, result.waitUntilFinish());
    List<Integer> sizes = PoolSizes.of(result, "SlowRead");
    assertTrue("the source's pool grew: " + sizes, sizes.stream().anyMatch(n -> n > 1));
    assertEquals("numbers read", shards * perShard, ShardedBatchJob.numbersRead(result));
    List<String> expected = new ArrayList<>();
    for (long key = 0; key < 10; key++) {
      long sum = 0;
      for (long n = key; n < shards * perShard; n += 10) {
        sum += n;
      }
      expected.add(key + "=" + sum);
    }
    expected.sort(null);
    assertExactly(expected, CountingStreamJob.writtenLines(output));
  }

  /** With a pool for every stage that can have one, connected elastic stages rescale too. */
  @Test
  public void everyStageInAPoolGivesTheSameCounts() throws Exception {
    Path output = folder.newFolder("output").toPath();
    SolsticePipelineOptions options = options(null);
    options.setWorkerPool("1..4");
    Pipeline pipeline = Pipeline.create(options);
    build(pipeline, output);
    SolsticePipelineResult result = (SolsticePipelineResult) pipeline.run();
    assertEquals(PipelineResult.State.DONE, result.waitUntilFinish());
    assertTrue("the slow stage's pool grew: " + PoolSizes.of(result, "SlowCount"), PoolSizes.of(result, "SlowCount").size() > 1);
    assertExactly(expected(), CountingStreamJob.writtenLines(output));
  }

  @Test
  public void badBoundsFailBeforeTheJobStarts() throws Exception {
    Path output = folder.newFolder("output").toPath();
    for (String[] bad :
        new String[][] {
          {"SlowCount=3..2", "MIN 3 is above MAX 2"},
          {"SlowCount=0..2", "at least 1 worker"},
          {"SlowCount=1..99999", "above --maxParallelism"},
          {"NoSuchStage=1..2", "no stage or transform of the job has"},
          {"SlowCount", "is not NAME=MIN..MAX"},
        }) {
      Pipeline pipeline = Pipeline.create(options(bad[0]));
      build(pipeline, output);
      Exception e = assertThrows(bad[0], RuntimeException.class, pipeline::run);
      assertThat(bad[0], Causes.describe(e), containsString(bad[1]));
    }
  }
}
