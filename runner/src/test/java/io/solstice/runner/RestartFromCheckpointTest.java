package io.solstice.runner;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.runner.RunWith;
import org.junit.runners.Parameterized.Parameters;
import org.junit.runners.Parameterized;

/**
 * A streaming job whose user code fails once, midway, restarts from its latest completed
 * checkpoint and ends with exact results: the unbounded source resumes from its checkpointed
 * restriction (it does not start over), and the grouped counts and a stateful DoFn's counts and
 * timers come back from their snapshots. On both transports.
 */
@RunWith(Parameterized.class)
public class RestartFromCheckpointTest {
  private static final int KEYS = 10;
  private static final long INTERVAL_MILLIS = 2;
  private static final long ELEMENTS = 3_000;
  private static final long FAIL_AT = 1_500;

  @Parameters(name = "{0}")
  public static List<Object[]> transports() {
    return List.of(new Object[] {"inprocess"}, new Object[] {"kafka"});
  }

  @Rule public TemporaryFolder folder = new TemporaryFolder();

  private final String transport;

  public RestartFromCheckpointTest(String transport) {
    this.transport = transport;
  }

  /** Fails the job once, the first time it sees element {@code FAIL_AT}; a file remembers it. */
  static final class FailOnce extends DoFn<KV<Long, Long>, KV<Long, Long>> {
    private final String marker;
    private final long failAt;

    FailOnce(Path marker, long failAt) {
      this.marker = marker.toString();
      this.failAt = failAt;
    }

    @ProcessElement
    public void process(@Element KV<Long, Long> element, @Timestamp Instant timestamp, OutputReceiver<KV<Long, Long>> out) {
      if (element.getValue() == failAt && Files.notExists(Path.of(marker))) {
        try {
          Files.createFile(Path.of(marker));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        throw new IllegalStateException("injected failure at element " + failAt);
      }
      out.output(element);
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
        @StateId("count") ValueState<Long> count, @StateId("key") ValueState<Long> key, OutputReceiver<KV<Long, Long>> out) {
      out.output(KV.of(key.read(), count.read()));
    }
  }

  @Test
  public void aFailedJobRestartsFromItsLatestCheckpointWithExactResults() throws IOException {
    SolsticePipelineOptions options = TestOptions.solstice(2);
    options.setSolsticeTransport(transport);
    if (transport.equals("kafka")) {
      options.setKafkaBootstrapServers("embedded");
    }
    options.setCheckpointingInterval(200L);
    options.setCheckpointLocation(folder.newFolder("checkpoints").toURI().toString());
    options.setMaxRestarts(2);
    options.setRestartDelay(100);
    Path marker = folder.getRoot().toPath().resolve("failed-once");

    Pipeline pipeline = Pipeline.create(options);
    Instant start = Instant.now().plus(Duration.standardSeconds(1));
    PCollection<KV<Long, Long>> elements =
        pipeline
            .apply(
                PeriodicImpulse.create()
                    .startAt(start)
                    .stopAt(start.plus(Duration.millis(ELEMENTS * INTERVAL_MILLIS)))
                    .withInterval(Duration.millis(INTERVAL_MILLIS)))
            .apply(Reshuffle.viaRandomKey())
            .apply(
                MapElements.into(TypeDescriptors.kvs(TypeDescriptors.longs(), TypeDescriptors.longs()))
                    .via(t -> {
                      long index = (t.getMillis() - start.getMillis()) / INTERVAL_MILLIS;
                      return KV.of(index % KEYS, index);
                    }))
            .apply(ParDo.of(new FailOnce(marker, FAIL_AT)));
    PCollection<KV<Long, Long>> grouped =
        elements
            .apply(
                Window.<KV<Long, Long>>configure()
                    .triggering(AfterWatermark.pastEndOfWindow())
                    .withAllowedLateness(Duration.ZERO)
                    .discardingFiredPanes())
            .apply(Count.perKey());
    PCollection<KV<Long, Long>> stateful = elements.apply(ParDo.of(new StatefulCount()));

    // PeriodicImpulse emits its start and its stop time and every interval between them.
    long[] perKey = new long[KEYS];
    for (long k = 0; k <= ELEMENTS; k++) {
      perKey[(int) (k % KEYS)]++;
    }
    List<KV<Long, Long>> expected = new ArrayList<>();
    for (int key = 0; key < KEYS; key++) {
      expected.add(KV.of((long) key, perKey[key]));
    }
    PAssert.that(grouped).containsInAnyOrder(expected);
    PAssert.that(stateful).containsInAnyOrder(expected);

    SolsticePipelineResult result = (SolsticePipelineResult) pipeline.run();
    assertEquals(PipelineResult.State.DONE, result.waitUntilFinish());
    assertTrue("the failure was injected", Files.exists(marker));
    // Both assertions ran in the attempt that finished the job (an empty restore would run none).
    long assertionsPassed = 0;
    for (MetricResult<Long> counter :
        result
            .metrics()
            .queryMetrics(
                MetricsFilter.builder()
                    .addNameFilter(MetricNameFilter.named(PAssert.class, PAssert.SUCCESS_COUNTER))
                    .build())
            .getCounters()) {
      assertionsPassed += counter.getAttempted();
    }
    assertEquals(2, assertionsPassed);
    assertEquals("one restart", 1, result.restoredFrom().size());
    assertTrue(
        "it restarted from a checkpoint, not the start: " + result.restoredFrom(), result.restoredFrom().get(0) > 0);
  }
}
