package io.solstice.runner.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.io.Read;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.transforms.Count;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Sum;
import org.apache.beam.sdk.transforms.windowing.Sessions;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.joda.time.Duration;

/**
 * A batch job for recovery tests: {@link SlowShardedNumbers} keyed by the number modulo 10, then
 * grouped three ways, each checked by a PAssert: a GroupByKey (values gathered), a lifted sum
 * (accumulators gathered) and a count in session windows (merging windows). A counter says how
 * many numbers the source read.
 */
public final class ShardedBatchJob {
  private static final long KEYS = 10;

  private ShardedBatchJob() {}

  /**
   * @param failOnce fails the job once (see {@link CountingStreamJob.FailOnce}), or null for none
   */
  public static void build(Pipeline pipeline, int shards, long perShard, long millisPerShard, CountingStreamJob.FailOnce failOnce) {
    long total = shards * perShard;
    PCollection<KV<Long, Long>> numbers =
        pipeline
            .apply(Read.from(new SlowShardedNumbers(shards, perShard, millisPerShard)))
            .apply(ParDo.of(new CountRead()))
            .apply(
                MapElements.into(TypeDescriptors.kvs(TypeDescriptors.longs(), TypeDescriptors.longs()))
                    .via(n -> KV.of(n % KEYS, n)));
    if (failOnce != null) {
      numbers = numbers.apply(ParDo.of(failOnce));
    }
    PCollection<KV<Long, Long>> groupSizes =
        numbers
            .apply("Group", GroupByKey.create())
            .apply(
                "Sizes",
                MapElements.into(TypeDescriptors.kvs(TypeDescriptors.longs(), TypeDescriptors.longs()))
                    .via(group -> KV.of(group.getKey(), StreamSupport.stream(group.getValue().spliterator(), false).count())));
    PCollection<KV<Long, Long>> sums = numbers.apply("Sum", Sum.longsPerKey());
    // Timestamps are the numbers: a key's numbers are 10 ms apart, so its sessions merge into one.
    PCollection<KV<Long, Long>> sessionCounts =
        numbers.apply(Window.into(Sessions.withGapDuration(Duration.millis(KEYS + 5)))).apply("CountSessions", Count.perKey());

    List<KV<Long, Long>> sizes = new ArrayList<>();
    List<KV<Long, Long>> expectedSums = new ArrayList<>();
    long perKey = total / KEYS;
    for (long key = 0; key < KEYS; key++) {
      sizes.add(KV.of(key, perKey));
      expectedSums.add(KV.of(key, KEYS * (perKey - 1) * perKey / 2 + perKey * key));
    }
    PAssert.that(groupSizes).containsInAnyOrder(sizes);
    PAssert.that(sums).containsInAnyOrder(expectedSums);
    PAssert.that(sessionCounts).containsInAnyOrder(sizes);
  }

  /** How many PAsserts of the job passed (3 when all did). */
  public static long assertionsPassed(PipelineResult result) {
    return CountingStreamJob.assertionsPassed(result);
  }

  /** How many numbers the source read; a restarted job's metrics are its last attempt's. */
  public static long numbersRead(PipelineResult result) {
    long read = 0;
    for (MetricResult<Long> counter :
        result
            .metrics()
            .queryMetrics(MetricsFilter.builder().addNameFilter(MetricNameFilter.named(ShardedBatchJob.class, "read")).build())
            .getCounters()) {
      read += counter.getAttempted();
    }
    return read;
  }

  /** Counts the numbers passing through, for {@link #numbersRead}. */
  public static final class CountRead extends DoFn<Long, Long> {
    private final Counter read = Metrics.counter(ShardedBatchJob.class, "read");

    @ProcessElement
    public void process(@Element Long n, OutputReceiver<Long> out) {
      read.inc();
      out.output(n);
    }
  }
}
