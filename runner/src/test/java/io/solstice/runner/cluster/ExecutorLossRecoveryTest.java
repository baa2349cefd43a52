package io.solstice.runner.cluster;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.solstice.runner.SolsticePipelineOptions;
import io.solstice.runner.SolsticePipelineResult;
import io.solstice.runner.SolsticeRunner;
import io.solstice.runner.testing.CountingStreamJob;
import io.solstice.runner.testing.RayClusterRule;
import io.solstice.runner.testing.ShardedBatchJob;
import java.net.URI;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.ClassRule;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * kill -9 of an executor process while a job runs with checkpoints: the job restarts on fresh
 * executors from its latest completed checkpoint and ends with exact results. A streaming job, and
 * a batch job, which then does not read again the shards its checkpoint covered.
 */
public class ExecutorLossRecoveryTest {
  private static final Pattern PID = Pattern.compile("pid (\\d+)");
  private static final ObjectMapper JSON = new ObjectMapper();
  @ClassRule public static final RayClusterRule CLUSTER = RayClusterRule.withHead(2);

  @Rule public final TemporaryFolder folder = new TemporaryFolder();

  @Test(timeout = 240_000)
  public void aKilledExecutorsJobRestartsFromItsLatestCheckpointWithExactResults() throws Exception {
    Pipeline pipeline = Pipeline.create(options());
    // Executors take a few seconds to start: the source starts later, and runs for 16 s.
    CountingStreamJob.build(pipeline, Instant.now().plus(Duration.standardSeconds(8)), 8_000, -1, null);
    SolsticePipelineResult result = runAndKillAnExecutor(pipeline);
    assertEquals("both assertions ran in the attempt that finished the job", 2, CountingStreamJob.assertionsPassed(result));
  }

  @Test(timeout = 240_000)
  public void aKilledExecutorsBatchJobResumesFromItsLatestCheckpoint() throws Exception {
    Pipeline pipeline = Pipeline.create(options());
    // 40 shards of 400 ms: 8 s of reading per worker.
    ShardedBatchJob.build(pipeline, 40, 250, 400, null);
    SolsticePipelineResult result = runAndKillAnExecutor(pipeline);
    assertEquals("the assertions ran in the attempt that finished the job", 3, ShardedBatchJob.assertionsPassed(result));
    long read = ShardedBatchJob.numbersRead(result);
    assertTrue("the restarted attempt read only what the checkpoint had not covered: " + read, read > 0 && read < 10_000);
  }

  private SolsticePipelineOptions options() throws java.io.IOException {
    SolsticePipelineOptions options =
        PipelineOptionsFactory.fromArgs(
                CLUSTER.jobArgs(
                    "--parallelism=2",
                    "--checkpointingInterval=300",
                    "--checkpointLocation=" + folder.newFolder("checkpoints").toURI(),
                    "--maxRestarts=1",
                    "--restartDelay=200"))
            .as(SolsticePipelineOptions.class);
    options.setRunner(SolsticeRunner.class);
    return options;
  }

  /** Runs the job, kills executor 1 once 3 checkpoints completed, and checks it restarted from one. */
  private static SolsticePipelineResult runAndKillAnExecutor(Pipeline pipeline) throws Exception {
    SolsticePipelineResult result = (SolsticePipelineResult) pipeline.run();
    long deadline = System.currentTimeMillis() + 60_000;
    while (result.completedCheckpoints() < 3 && System.currentTimeMillis() < deadline) {
      Thread.sleep(100);
    }
    assertTrue("checkpoints completed before the kill", result.completedCheckpoints() >= 3);
    // The status server serves a cluster job too: its executors, and its stages' counters.
    JsonNode job = JSON.readTree(URI.create(result.statusUrl() + "api/job").toURL());
    assertEquals(job.toString(), 2, job.get("executors").size());
    assertTrue(JSON.readTree(URI.create(result.statusUrl() + "api/stages").toURL()).get("stages").size() > 1);
    Matcher matcher = PID.matcher(result.executors().get(1));
    assertTrue(matcher.find());
    ProcessHandle.of(Long.parseLong(matcher.group(1))).orElseThrow().destroyForcibly();

    assertEquals(PipelineResult.State.DONE, result.waitUntilFinish(Duration.standardSeconds(150)));
    assertEquals("one restart", 1, result.restoredFrom().size());
    assertTrue("it restarted from a checkpoint: " + result.restoredFrom(), result.restoredFrom().get(0) > 0);
    return result;
  }
}
