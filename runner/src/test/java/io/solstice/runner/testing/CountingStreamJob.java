package io.solstice.runner.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.apache.beam.sdk.state.StateSpec;
import org.apache.beam.sdk.state.StateSpecs;
import org.apache.beam.sdk.state.TimeDomain;
import org.apache.beam.sdk.state.Timer;
import org.apache.beam.sdk.state.TimerSpec;
import org.apache.beam.sdk.state.TimerSpecs;
import org.apache.beam.sdk.state.ValueState;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.transforms.Count;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.PeriodicImpulse;
import org.apache.beam.sdk.transforms.Reshuffle;
import org.apache.beam.sdk.transforms.windowing.AfterWatermark;
import org.apache.beam.sdk.transforms.windowing.GlobalWindow;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * A streaming job for recovery tests whose results are exact only if nothing is lost or repeated:
 * an unbounded source (PeriodicImpulse, one element every 2 ms from a start time, which a restart
 * does not move) keyed into 10 keys, counted by a GroupByKey and by a stateful DoFn with a timer,
 * both checked with PAssert once the source ends. It can fail itself once, at a given element.
 */
public final class CountingStreamJob {
  private static final int KEYS = 10;
  private static final long INTERVAL_MILLIS = 2;

  private CountingStreamJob() {}

  /**
   * Adds the job to {@code pipeline}.
   *
   * @param failOnceAt the element at which user code throws, the first time only (a file at
   *     {@code marker} remembers it); negative for never
   */
  public static void build(Pipeline pipeline, Instant start, long elements, long failOnceAt, Path marker) {
    Results results = results(pipeline, start, elements, failOnceAt, marker);
    List<KV<Long, Long>> expected = expected(elements);
    PAssert.that(results.grouped).containsInAnyOrder(expected);
    PAssert.that(results.stateful).containsInAnyOrder(expected);
  }

  /**
   * The job with its results written as lines ({@code grouped <key>=<count>}, {@code stateful
   * <key>=<count>}) to files in {@code output} rather than checked by PAssert, whose transform
   * names count up in a JVM, so that the same pipeline built twice in one JVM has the same shape.
   */
  public static void buildWritingTo(Pipeline pipeline, Instant start, long elements, Path output) {
    Results results = results(pipeline, start, elements, -1, null);
    results.grouped.apply("Grouped lines", MapElements.into(TypeDescriptors.strings()).via(kv -> "grouped " + kv.getKey() + "=" + kv.getValue()))
        .apply("Write grouped", ParDo.of(new LinesSink(output)));
    results.stateful.apply("Stateful lines", MapElements.into(TypeDescriptors.strings()).via(kv -> "stateful " + kv.getKey() + "=" + kv.getValue()))
        .apply("Write stateful", ParDo.of(new LinesSink(output)));
  }

  /** The lines {@link #buildWritingTo} writes for a complete, exact run. */
  public static List<String> expectedLines(long elements) {
    List<String> lines = new ArrayList<>();
    for (KV<Long, Long> kv : expected(elements)) {
      lines.add("grouped " + kv.getKey() + "=" + kv.getValue());
      lines.add("stateful " + kv.getKey() + "=" + kv.getValue());
    }
    lines.sort(null);
    return lines;
  }

  /** Every line {@link #buildWritingTo} wrote to {@code output}, sorted. */
  public static List<String> writtenLines(Path output) throws IOException {
    List<String> lines = new ArrayList<>();
    try (Stream<Path> files = Files.list(output)) {
      for (Path file : files.toList()) {
        lines.addAll(Files.readAllLines(file));
      }
    }
    lines.sort(null);
    return lines;
  }

  private static final class Results {
    final PCollection<KV<Long, Long>> grouped;
    final PCollection<KV<Long, Long>> stateful;

    Results(PCollection<KV<Long, Long>> grouped, PCollection<KV<Long, Long>> stateful) {
      this.grouped = grouped;
      this.stateful = stateful;
    }
  }

  /** The job's input: {@code elements} numbers, one every 2 ms from {@code start}, keyed by n mod 10. */
  public static PCollection<KV<Long, Long>> keyedStream(Pipeline pipeline, Instant start, long elements) {
    return keyedStream(pipeline, start, elements, -1, null);
  }

  private static PCollection<KV<Long, Long>> keyedStream(
      Pipeline pipeline, Instant start, long elements, long failOnceAt, Path marker) {
    return pipeline
        .apply(
            PeriodicImpulse.create()
                .startAt(start)
                .stopAt(start.plus(Duration.millis(elements * INTERVAL_MILLIS)))
                .withInterval(Duration.millis(INTERVAL_MILLIS)))
        .apply(Reshuffle.viaRandomKey())
        .apply(
            MapElements.into(TypeDescriptors.kvs(TypeDescriptors.longs(), TypeDescriptors.longs()))
                .via(
                    t -> {
                      long index = (t.getMillis() - start.getMillis()) / INTERVAL_MILLIS;
                      return KV.of(index % KEYS, index);
                    }))
        .apply(ParDo.of(new FailOnce(marker == null ? "" : marker.toString(), failOnceAt)));
  }

  private static Results results(Pipeline pipeline, Instant start, long elements, long failOnceAt, Path marker) {
    PCollection<KV<Long, Long>> keyed = keyedStream(pipeline, start, elements, failOnceAt, marker);
    PCollection<KV<Long, Long>> grouped =
        keyed
            .apply(
                Window.<KV<Long, Long>>configure()
                    .triggering(AfterWatermark.pastEndOfWindow())
                    .withAllowedLateness(Duration.ZERO)
                    .discardingFiredPanes())
            .apply(Count.perKey());
    PCollection<KV<Long, Long>> stateful = keyed.apply(ParDo.of(new StatefulCount()));
    return new Results(grouped, stateful);
  }

  /** Per key, how many elements it gets. */
  private static List<KV<Long, Long>> expected(long elements) {
    // PeriodicImpulse emits its start and its stop time and every interval between them.
    long[] perKey = new long[KEYS];
    for (long k = 0; k <= elements; k++) {
      perKey[(int) (k % KEYS)]++;
    }
    List<KV<Long, Long>> expected = new ArrayList<>();
    for (int key = 0; key < KEYS; key++) {
      expected.add(KV.of((long) key, perKey[key]));
    }
    return expected;
  }

  /** How many PAssert assertions passed: 2 once the job's results were checked. */
  public static long assertionsPassed(PipelineResult result) {
    long passed = 0;
    for (MetricResult<Long> counter :
        result
            .metrics()
            .queryMetrics(
                MetricsFilter.builder()
                    .addNameFilter(MetricNameFilter.named(PAssert.class, PAssert.SUCCESS_COUNTER))
                    .build())
            .getCounters()) {
      passed += counter.getAttempted();
    }
    return passed;
  }

  /**
   * Fails the job once, the first time it sees element {@code failAt} (or, given a checkpoint
   * folder, the first element from {@code failAt} on once a checkpoint there has completed); a file
   * remembers it.
   */
  public static final class FailOnce extends DoFn<KV<Long, Long>, KV<Long, Long>> {
    private final String marker;
    private final long failAt;
    private final String afterCheckpointIn;

    public FailOnce(String marker, long failAt) {
      this(marker, failAt, "");
    }

    public FailOnce(String marker, long failAt, String afterCheckpointIn) {
      this.marker = marker;
      this.failAt = failAt;
      this.afterCheckpointIn = afterCheckpointIn;
    }

    @ProcessElement
    public void process(@Element KV<Long, Long> element, OutputReceiver<KV<Long, Long>> out) throws IOException {
      if (due(element.getValue()) && Files.notExists(Path.of(marker))) {
        Files.createFile(Path.of(marker));
        throw new IllegalStateException("injected failure at element " + element.getValue());
      }
      out.output(element);
    }

    private boolean due(long element) throws IOException {
      if (failAt < 0) {
        return false;
      }
      if (afterCheckpointIn.isEmpty()) {
        return element == failAt;
      }
      if (element < failAt) {
        return false;
      }
      try (Stream<Path> files = Files.walk(Path.of(afterCheckpointIn))) {
        return files.anyMatch(file -> file.getFileName().toString().equals("_manifest"));
      } catch (UncheckedIOException e) {
        // A file the walk met was renamed or removed (a checkpoint being written): look again later.
        return false;
      }
    }
  }

  /** Counts each key's elements in state and emits the count when the input ends (a timer). */
  static final class StatefulCount extends DoFn<KV<Long, Long>, KV<Long, Long>> {
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
        @TimerId("end") Timer end) {
      Long seen = count.read();
      count.write(seen == null ? 1 : seen + 1);
      key.write(element.getKey());
      end.set(GlobalWindow.INSTANCE.maxTimestamp());
    }

    @OnTimer("end")
    public void onEnd(
        @StateId("count") ValueState<Long> count,
        @StateId("key") ValueState<Long> key,
        OutputReceiver<KV<Long, Long>> out) {
      out.output(KV.of(key.read(), count.read()));
    }
  }
}
