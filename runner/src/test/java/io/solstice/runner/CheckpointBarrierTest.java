package io.solstice.runner;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.transforms.Count;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PeriodicImpulse;
import org.apache.beam.sdk.transforms.Reshuffle;
import org.apache.beam.sdk.transforms.windowing.AfterWatermark;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.Parameterized;
import org.junit.runners.Parameterized.Parameters;

/**
 * Checkpoint barriers flow through a running streaming job on both transports: checkpoints
 * complete while data moves through keyed stages with two producers per partition, and holding
 * records during alignment loses or repeats nothing.
 */
@RunWith(Parameterized.class)
public class CheckpointBarrierTest {
  private static final int KEYS = 10;
  private static final long INTERVAL_MILLIS = 2;
  private static final long ELEMENTS = 3_000;

  @Parameters(name = "{0}")
  public static List<Object[]> transports() {
    return TestOptions.transports();
  }

  private final String transport;

  public CheckpointBarrierTest(String transport) {
    this.transport = transport;
  }

  private SolsticePipelineOptions options() {
    return TestOptions.solstice(2, transport);
  }

  @Test
  public void checkpointsCompleteWhileAStreamingJobRunsAndResultsStayExact() {
    SolsticePipelineOptions options = options();
    options.setCheckpointingInterval(200L);
    Pipeline pipeline = Pipeline.create(options);
    // Six seconds of unbounded input (an unbounded splittable DoFn), an element every 2 ms.
    Instant start = Instant.now().plus(Duration.standardSeconds(1));
    PCollection<KV<Long, Long>> counts =
        pipeline
            .apply(
                PeriodicImpulse.create()
                    .startAt(start)
                    .stopAt(start.plus(Duration.millis(ELEMENTS * INTERVAL_MILLIS)))
                    .withInterval(Duration.millis(INTERVAL_MILLIS)))
            .apply(Reshuffle.viaRandomKey())
            .apply(
                MapElements.into(TypeDescriptors.kvs(TypeDescriptors.longs(), TypeDescriptors.longs()))
                    .via(t -> KV.of((t.getMillis() - start.getMillis()) / INTERVAL_MILLIS % KEYS, t.getMillis())))
            // One pane per key, once the source has ended.
            .apply(
                Window.<KV<Long, Long>>configure()
                    .triggering(AfterWatermark.pastEndOfWindow())
                    .withAllowedLateness(Duration.ZERO)
                    .discardingFiredPanes())
            .apply(Count.perKey());
    // PeriodicImpulse emits its start and its stop time and every interval between them.
    long[] perKey = new long[KEYS];
    for (long k = 0; k <= ELEMENTS; k++) {
      perKey[(int) (k % KEYS)]++;
    }
    List<KV<Long, Long>> expected = new ArrayList<>();
    for (int key = 0; key < KEYS; key++) {
      expected.add(KV.of((long) key, perKey[key]));
    }
    PAssert.that(counts).containsInAnyOrder(expected);

    SolsticePipelineResult result = (SolsticePipelineResult) pipeline.run();
    assertEquals(PipelineResult.State.DONE, result.waitUntilFinish());
    assertTrue(
        "checkpoints completed: " + result.completedCheckpoints(), result.completedCheckpoints() >= 3);
  }

  @Test
  public void withoutAnIntervalNoCheckpointIsTaken() {
    Pipeline pipeline = Pipeline.create(options());
    pipeline.apply(PeriodicImpulse.create().stopAfter(Duration.standardSeconds(1)).withInterval(Duration.millis(10)));
    SolsticePipelineResult result = (SolsticePipelineResult) pipeline.run();
    assertEquals(PipelineResult.State.DONE, result.waitUntilFinish());
    assertEquals(0, result.completedCheckpoints());
  }
}
