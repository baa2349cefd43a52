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
  @Parameters(name = "{0}")
  public static List<Object[]> transports() {
    return List.of(new Object[] {"inprocess"}, new Object[] {"kafka"});
  }

  @Rule public TemporaryFolder folder = new TemporaryFolder();

  private final String transport;

  public RestartFromCheckpointTest(String transport) {
    this.transport = transport;
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
    CountingStreamJob.build(pipeline, Instant.now().plus(Duration.standardSeconds(1)), 3_000, 1_500, marker);

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
}
