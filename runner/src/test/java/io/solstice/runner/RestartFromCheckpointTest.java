package io.solstice.runner;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.solstice.runner.testing.CountingStreamJob;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.transforms.Count;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.PeriodicImpulse;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.transforms.windowing.AfterWatermark;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.runner.RunWith;
import org.junit.runners.Parameterized;
import org.junit.runners.Parameterized.Parameters;

/**
 * A streaming job whose user code fails once, midway, restarts from its latest completed
 * checkpoint and ends with exact results: the unbounded source resumes from its checkpointed
 * restriction (it does not start over), and the grouped counts and a stateful DoFn's counts and
 * timers come back from their snapshots. On both transports.
 */
@RunWith(Parameterized.class)
public class RestartFromCheckpointTest {
  @Parameters(name = "{0}")
  public static List<Object[]> transports() {
    return TestOptions.transports();
  }

  @Rule public TemporaryFolder folder = new TemporaryFolder();

  private final String transport;

  public RestartFromCheckpointTest(String transport) {
    this.transport = transport;
  }

  @Test
  public void aFailedJobRestartsFromItsLatestCheckpointWithExactResults() throws IOException {
    SolsticePipelineOptions options = TestOptions.solstice(2, transport);
    options.setCheckpointingInterval(200L);
    options.setCheckpointLocation(folder.newFolder("checkpoints").toURI().toString());
    options.setMaxRestarts(2);
    options.setRestartDelay(100);
    Path marker = folder.getRoot().toPath().resolve("failed-once");
    Pipeline pipeline = Pipeline.create(options);
    // The embedded broker takes seconds to start: the input must still come after that, or the
    // failure could come before a first checkpoint.
    Instant start = Instant.now().plus(Duration.standardSeconds(transport.equals("kafka") ? 4 : 1));
    CountingStreamJob.build(pipeline, start, 3_000, 1_500, marker);

    SolsticePipelineResult result = (SolsticePipelineResult) pipeline.run();
    assertEquals(PipelineResult.State.DONE, result.waitUntilFinish());
    assertTrue("the failure was injected", Files.exists(marker));
    assertEquals("both assertions ran in the attempt that finished the job", 2, CountingStreamJob.assertionsPassed(result));
    assertEquals("one restart", 1, result.restoredFrom().size());
    assertTrue(
        "it restarted from a checkpoint, not the start: " + result.restoredFrom(), result.restoredFrom().get(0) > 0);
  }

  @Test
  public void withoutRestartsTheFailureEndsTheJob() throws IOException {
    SolsticePipelineOptions options = TestOptions.solstice(2);
    options.setCheckpointingInterval(200L);
    options.setCheckpointLocation(folder.newFolder("checkpoints").toURI().toString());
    Path marker = folder.getRoot().toPath().resolve("failed-once");
    Pipeline pipeline = Pipeline.create(options);
    CountingStreamJob.build(pipeline, Instant.now().plus(Duration.standardSeconds(1)), 1_000, 500, marker);
    Pipeline.PipelineExecutionException failure =
        org.junit.Assert.assertThrows(Pipeline.PipelineExecutionException.class, () -> pipeline.run().waitUntilFinish());
    assertTrue(String.valueOf(failure.getCause()), failure.getCause().getMessage().contains("injected failure at element 500"));
  }

  /** Keys each element's index by the index modulo the side input. */
  static final class KeyBySideInput extends DoFn<Instant, KV<Long, Long>> {
    private final long startMillis;
    private final PCollectionView<Long> keys;

    KeyBySideInput(long startMillis, PCollectionView<Long> keys) {
      this.startMillis = startMillis;
      this.keys = keys;
    }

    @ProcessElement
    public void process(@Element Instant t, ProcessContext c) {
      long index = (t.getMillis() - startMillis) / 2;
      c.output(KV.of(index % c.sideInput(keys), index));
    }
  }

  /**
   * A bounded side input (its view is grouped by a batch operator, whose snapshot holds what it
   * has gathered): a restart from a checkpoint keeps the side input.
   */
  @Test
  public void aStreamingJobWithABoundedSideInputKeepsItAcrossARestart() throws IOException {
    SolsticePipelineOptions options = TestOptions.solstice(2);
    options.setCheckpointingInterval(100L);
    Path checkpoints = folder.newFolder("checkpoints").toPath();
    options.setCheckpointLocation(checkpoints.toUri().toString());
    options.setMaxRestarts(1);
    options.setRestartDelay(100);
    Path marker = folder.getRoot().toPath().resolve("failed-once");
    Pipeline pipeline = Pipeline.create(options);
    PCollectionView<Long> keys = pipeline.apply(Create.of(7L)).apply(View.asSingleton());
    Instant start = Instant.now().plus(Duration.standardSeconds(1));
    // The failure waits for a checkpoint.
    PCollection<KV<Long, Long>> counts =
        pipeline
            .apply(PeriodicImpulse.create().startAt(start).stopAt(start.plus(Duration.millis(6_000))).withInterval(Duration.millis(2)))
            .apply(ParDo.of(new KeyBySideInput(start.getMillis(), keys)).withSideInputs(keys))
            .apply(ParDo.of(new CountingStreamJob.FailOnce(marker.toString(), 1_000, checkpoints.toString())))
            .apply(
                Window.<KV<Long, Long>>configure()
                    .triggering(AfterWatermark.pastEndOfWindow())
                    .withAllowedLateness(Duration.ZERO)
                    .discardingFiredPanes())
            .apply(Count.perKey());
    List<KV<Long, Long>> expected = new java.util.ArrayList<>();
    for (long key = 0; key < 7; key++) {
      long count = 0;
      for (long index = 0; index <= 3_000; index++) {
        count += index % 7 == key ? 1 : 0;
      }
      expected.add(KV.of(key, count));
    }
    PAssert.that(counts).containsInAnyOrder(expected);
    SolsticePipelineResult result = (SolsticePipelineResult) pipeline.run();
    assertEquals(PipelineResult.State.DONE, result.waitUntilFinish());
    assertTrue("the failure was injected", Files.exists(marker));
    assertEquals(1, CountingStreamJob.assertionsPassed(result));
    assertEquals(1, result.restoredFrom().size());
    assertTrue("it restarted from a checkpoint: " + result.restoredFrom(), result.restoredFrom().get(0) > 0);
  }
}
