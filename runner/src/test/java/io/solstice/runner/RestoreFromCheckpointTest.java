package io.solstice.runner;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.solstice.engine.checkpoint.CheckpointLocations;
import io.solstice.engine.checkpoint.CheckpointManifest;
import io.solstice.engine.checkpoint.S3Settings;
import io.solstice.engine.coordinator.CompletedCheckpoint;
import io.solstice.runner.testing.Causes;
import io.solstice.runner.testing.CountingStreamJob;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * --restoreFromCheckpoint: a cancelled job's pipeline, run again from its latest checkpoint, ends
 * with exact results; a missing, corrupt or mismatched checkpoint fails the job at once, naming
 * the problem, rather than starting it from the beginning.
 */
public class RestoreFromCheckpointTest {
  @Rule public TemporaryFolder folder = new TemporaryFolder();

  private SolsticePipelineOptions options(Path checkpoints, int parallelism) {
    SolsticePipelineOptions options = TestOptions.solstice(parallelism);
    options.setCheckpointingInterval(200L);
    options.setCheckpointLocation(checkpoints.toUri().toString());
    return options;
  }

  @Test
  public void aCancelledJobResumesFromItsLatestCheckpointWithExactResults() throws Exception {
    Path checkpoints = folder.newFolder("checkpoints").toPath();
    Instant start = Instant.now().plus(Duration.standardSeconds(1));
    Path output = folder.newFolder("output").toPath();
    Pipeline first = Pipeline.create(options(checkpoints, 2));
    CountingStreamJob.buildWritingTo(first, start, 4_000, output);
    SolsticePipelineResult cancelled = (SolsticePipelineResult) first.run();
    long deadline = System.currentTimeMillis() + 30_000;
    while (cancelled.completedCheckpoints() < 3 && System.currentTimeMillis() < deadline) {
      Thread.sleep(50);
    }
    assertTrue("checkpoints before the cancel", cancelled.completedCheckpoints() >= 3);
    cancelled.cancel();
    assertEquals(PipelineResult.State.CANCELLED, cancelled.waitUntilFinish());

    SolsticePipelineOptions options = options(checkpoints, 2);
    options.setRestoreFromCheckpoint("latest");
    Pipeline resumed = Pipeline.create(options);
    CountingStreamJob.buildWritingTo(resumed, start, 4_000, output);
    SolsticePipelineResult result = (SolsticePipelineResult) resumed.run();
    assertEquals(PipelineResult.State.DONE, result.waitUntilFinish());
    assertNotNull("it started from a checkpoint", result.startedFrom());
    assertEquals(CountingStreamJob.expectedLines(4_000), CountingStreamJob.writtenLines(output));
  }

  @Test
  public void theJobReportsItsCheckpointsAndTheLocationListsThem() throws Exception {
    Path checkpoints = folder.newFolder("checkpoints").toPath();
    Pipeline pipeline = Pipeline.create(options(checkpoints, 2));
    CountingStreamJob.buildWritingTo(pipeline, Instant.now().plus(Duration.millis(500)), 1_500, folder.newFolder("output").toPath());
    SolsticePipelineResult result = (SolsticePipelineResult) pipeline.run();
    assertEquals(PipelineResult.State.DONE, result.waitUntilFinish());

    List<CompletedCheckpoint> reported = result.checkpoints();
    assertEquals(result.completedCheckpoints(), reported.size());
    for (int i = 0; i < reported.size(); i++) {
      CompletedCheckpoint checkpoint = reported.get(i);
      assertEquals("ids in order", i + 1, checkpoint.id());
      // The last may come once every worker has ended: then it holds no state.
      assertEquals(checkpoint + ": state from the workers that wrote it", checkpoint.workers() > 0, checkpoint.bytes() > 0);
      // Duration and alignment come from different clocks (coordinator, workers): no order between them.
      assertTrue(checkpoint + " has times", checkpoint.durationMillis() >= 0 && checkpoint.longestAlignmentMillis() >= 0);
    }

    Map<String, List<CheckpointManifest>> listed = CheckpointLocations.list(checkpoints.toString(), S3Settings.defaults());
    assertEquals("one job", 1, listed.size());
    List<CheckpointManifest> kept = listed.values().iterator().next();
    assertTrue("some checkpoints", !reported.isEmpty());
    assertTrue("the first holds state: " + reported.get(0), reported.get(0).bytes() > 0);
    assertEquals("the newest, at most the three retained", Math.min(3, reported.size()), kept.size());
    CheckpointManifest newest = kept.get(kept.size() - 1);
    CompletedCheckpoint last = reported.get(reported.size() - 1);
    assertEquals(last.id(), newest.checkpointId());
    assertEquals(last.bytes(), newest.totalBytes());
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    ListCheckpoints.print(checkpoints.toString(), listed, new PrintStream(printed, true, StandardCharsets.UTF_8));
    assertThat(printed.toString(StandardCharsets.UTF_8), containsString(listed.keySet().iterator().next()));
  }

  @Test
  public void aMissingCorruptOrMismatchedCheckpointFailsTheJobNamingIt() throws Exception {
    Path checkpoints = folder.newFolder("checkpoints").toPath();
    Instant start = Instant.now().plus(Duration.millis(500));
    Pipeline taking = Pipeline.create(options(checkpoints, 2));
    CountingStreamJob.buildWritingTo(taking, start, 1_500, folder.newFolder("output").toPath());
    SolsticePipelineResult done = (SolsticePipelineResult) taking.run();
    assertEquals(PipelineResult.State.DONE, done.waitUntilFinish());
    assertTrue(done.completedCheckpoints() > 0);
    Path jobDir;
    try (Stream<Path> jobs = Files.list(checkpoints)) {
      jobDir = jobs.findFirst().orElseThrow();
    }
    Path checkpoint = newestCheckpoint(jobDir);

    assertThat(restoreFailure(checkpoints, checkpoints.resolve("no-such-job").toString(), 2), containsString("no-such-job"));
    assertThat("another shape", restoreFailure(checkpoints, checkpoint.toString(), 2, 64), containsString("key groups"));

    Path manifest = checkpoint.resolve("_manifest");
    byte[] bytes = Files.readAllBytes(manifest);
    bytes[bytes.length / 2] ^= 0x55;
    Files.write(manifest, bytes);
    String corrupt = restoreFailure(checkpoints, checkpoint.toString(), 2);
    assertThat(corrupt, containsString(manifest.toUri().toString()));
    assertThat(corrupt, containsString("corrupt"));
  }

  private static Path newestCheckpoint(Path jobDir) throws IOException {
    try (Stream<Path> dirs = Files.list(jobDir)) {
      List<Path> complete =
          dirs.filter(d -> Files.exists(d.resolve("_manifest")))
              .sorted((a, b) -> Long.compare(id(a), id(b)))
              .toList();
      return complete.get(complete.size() - 1);
    }
  }

  private static long id(Path checkpointDir) {
    return Long.parseLong(checkpointDir.getFileName().toString().substring("chk-".length()));
  }

  private String restoreFailure(Path checkpoints, String restore, int parallelism) {
    return restoreFailure(checkpoints, restore, parallelism, 128);
  }

  private String restoreFailure(Path checkpoints, String restore, int parallelism, int keyGroups) {
    SolsticePipelineOptions options = options(checkpoints, parallelism);
    options.setMaxParallelism(keyGroups);
    options.setRestoreFromCheckpoint(restore);
    Pipeline pipeline = Pipeline.create(options);
    CountingStreamJob.buildWritingTo(pipeline, Instant.now(), 100, folder.getRoot().toPath());
    RuntimeException failure = assertThrows(RuntimeException.class, () -> pipeline.run().waitUntilFinish());
    return Causes.describe(failure);
  }
}
