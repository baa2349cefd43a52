package io.solstice.runner;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.solstice.runner.testing.CountingStreamJob;
import io.solstice.runner.testing.ShardedBatchJob;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.runner.RunWith;
import org.junit.runners.Parameterized;
import org.junit.runners.Parameterized.Parameters;

/**
 * A batch job whose user code fails once, after a checkpoint, restarts from that checkpoint rather
 * than from the beginning: the source passes over the shards it had read, and the grouping steps
 * (values, lifted accumulators, merging windows) get back what they had gathered. The results are
 * exact. On both transports.
 */
@RunWith(Parameterized.class)
public class BatchRecoveryTest {
  private static final int SHARDS = 40;
  private static final long PER_SHARD = 250;
  private static final long TOTAL = SHARDS * PER_SHARD;

  @Parameters(name = "{0}")
  public static List<Object[]> transports() {
    return TestOptions.transports();
  }

  @Rule public TemporaryFolder folder = new TemporaryFolder();

  private final String transport;

  public BatchRecoveryTest(String transport) {
    this.transport = transport;
  }

  @Test
  public void aFailedBatchJobResumesFromItsLatestCheckpointWithExactResults() throws IOException {
    SolsticePipelineOptions options = TestOptions.solstice(2, transport);
    options.setCheckpointingInterval(100L);
    Path checkpoints = folder.newFolder("checkpoints").toPath();
    options.setCheckpointLocation(checkpoints.toUri().toString());
    options.setMaxRestarts(1);
    options.setRestartDelay(100);
    Path marker = folder.getRoot().toPath().resolve("failed-once");
    Pipeline pipeline = Pipeline.create(options);
    // 40 shards of 50 ms each: about a second of reading per worker. The failure comes once, on a
    // number from the last quarter, once a checkpoint has completed.
    ShardedBatchJob.build(
        pipeline, SHARDS, PER_SHARD, 50, new CountingStreamJob.FailOnce(marker.toString(), TOTAL * 3 / 4, checkpoints.toString()));

    SolsticePipelineResult result = (SolsticePipelineResult) pipeline.run();
    assertEquals(PipelineResult.State.DONE, result.waitUntilFinish());
    assertTrue("the failure was injected", Files.exists(marker));
    assertEquals("the assertions ran in the attempt that finished the job", 3, ShardedBatchJob.assertionsPassed(result));
    assertEquals("one restart", 1, result.restoredFrom().size());
    assertTrue("it restarted from a checkpoint: " + result.restoredFrom(), result.restoredFrom().get(0) > 0);
    long readAfterRestart = ShardedBatchJob.numbersRead(result);
    assertTrue(
        "the restarted attempt read only the shards the checkpoint had not covered: " + readAfterRestart + " of " + TOTAL,
        readAfterRestart > 0 && readAfterRestart < TOTAL);
  }
}
