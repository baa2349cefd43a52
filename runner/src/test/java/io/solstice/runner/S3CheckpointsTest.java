package io.solstice.runner;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.solstice.engine.checkpoint.S3ProxyServer;
import io.solstice.engine.coordinator.CompletedCheckpoint;
import io.solstice.runner.testing.CountingStreamJob;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.ClassRule;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Checkpoints on a real S3-compatible server (s3proxy, in this JVM on 127.0.0.1): a job that fails
 * once restarts from its latest checkpoint in the bucket with exact results; a bucket that is not
 * there fails the job before it starts, naming it; uploads that fail decline their checkpoints, and
 * the job goes on within --tolerableCheckpointFailures, or fails naming the bucket past it.
 */
public class S3CheckpointsTest {
  @ClassRule public static final S3ProxyServer S3 = new S3ProxyServer();

  @Rule public TemporaryFolder folder = new TemporaryFolder();

  private SolsticePipelineOptions options(String location) {
    SolsticePipelineOptions options = TestOptions.solstice(2);
    options.setCheckpointingInterval(200L);
    options.setCheckpointLocation(location);
    options.setS3Endpoint(S3.endpoint());
    options.setS3PathStyleAccess(true);
    options.setS3AccessKey(S3ProxyServer.ACCESS_KEY);
    options.setS3SecretKey(S3ProxyServer.SECRET_KEY);
    return options;
  }

  @Test
  public void aFailedJobRestartsFromItsLatestCheckpointInTheBucket() throws Exception {
    SolsticePipelineOptions options = options("s3://" + S3ProxyServer.BUCKET + "/restart");
    options.setMaxRestarts(1);
    options.setRestartDelay(100);
    Path marker = folder.getRoot().toPath().resolve("failed-once");
    Pipeline pipeline = Pipeline.create(options);
    CountingStreamJob.build(pipeline, Instant.now().plus(Duration.standardSeconds(1)), 3_000, 1_500, marker);
    SolsticePipelineResult result = (SolsticePipelineResult) pipeline.run();
    assertEquals(PipelineResult.State.DONE, result.waitUntilFinish());
    assertTrue("the failure was injected", Files.exists(marker));
    assertEquals(2, CountingStreamJob.assertionsPassed(result));
    assertEquals(1, result.restoredFrom().size());
    assertTrue("it restarted from a checkpoint: " + result.restoredFrom(), result.restoredFrom().get(0) > 0);
  }

  /** Starts the counting job and waits for its first completed checkpoint. */
  private SolsticePipelineResult runUntilACheckpoint(SolsticePipelineOptions options) throws InterruptedException {
    Pipeline pipeline = Pipeline.create(options);
    CountingStreamJob.build(pipeline, Instant.now().plus(Duration.standardSeconds(1)), 4_000, -1, null);
    SolsticePipelineResult result = (SolsticePipelineResult) pipeline.run();
    long deadline = System.currentTimeMillis() + 60_000;
    while (result.completedCheckpoints() < 1 && System.currentTimeMillis() < deadline) {
      Thread.sleep(20);
    }
    assertTrue("a first checkpoint", result.completedCheckpoints() >= 1);
    return result;
  }

  @Test
  public void uploadsThatFailPastTheToleranceFailTheJobNamingTheBucket() throws Exception {
    SolsticePipelineResult result = runUntilACheckpoint(options("s3://" + S3ProxyServer.BUCKET + "/untolerated"));
    S3.dropBucket();
    try {
      RuntimeException failure = assertThrows(RuntimeException.class, result::waitUntilFinish);
      assertThat(failure.getMessage(), containsString("--tolerableCheckpointFailures"));
      assertThat(failure.getMessage(), containsString("s3://" + S3ProxyServer.BUCKET + "/untolerated/"));
    } finally {
      S3.restoreBucket();
    }
  }

  @Test
  public void uploadsThatFailWithinTheToleranceDeclineTheirCheckpointsAndTheJobGoesOn() throws Exception {
    SolsticePipelineOptions options = options("s3://" + S3ProxyServer.BUCKET + "/tolerated");
    options.setTolerableCheckpointFailures(1_000);
    SolsticePipelineResult result = runUntilACheckpoint(options);
    S3.dropBucket();
    try {
      Thread.sleep(1_500);
    } finally {
      S3.restoreBucket();
    }
    assertEquals(PipelineResult.State.DONE, result.waitUntilFinish());
    assertEquals(2, CountingStreamJob.assertionsPassed(result));
    List<Long> ids = result.checkpoints().stream().map(CompletedCheckpoint::id).toList();
    long last = ids.get(ids.size() - 1);
    assertTrue("checkpoints failed while the bucket was gone, and completed again after: " + ids, ids.size() < last);
  }

  @Test
  public void aMissingBucketFailsTheJobBeforeItStarts() {
    Pipeline pipeline = Pipeline.create(options("s3://no-such-bucket/prefix"));
    CountingStreamJob.build(pipeline, Instant.now(), 100, -1, null);
    RuntimeException failure = assertThrows(RuntimeException.class, pipeline::run);
    assertThat(failure.getMessage(), containsString("no-such-bucket"));
  }
}
