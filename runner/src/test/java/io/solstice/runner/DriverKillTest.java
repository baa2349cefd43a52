package io.solstice.runner;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import io.solstice.runner.testing.CountingJobMain;
import io.solstice.runner.testing.CountingStreamJob;
import java.io.File;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * kill -9 of a driver process while its streaming job runs with checkpoints, then the same
 * pipeline run again with {@code --restoreFromCheckpoint=latest}: it resumes from the dead
 * driver's latest checkpoint and its output is exact.
 */
public class DriverKillTest {
  private static final long ELEMENTS = 5_000;

  @Rule public TemporaryFolder folder = new TemporaryFolder();

  @Test(timeout = 180_000)
  public void aKilledDriversJobResumesFromItsLatestCheckpointWithExactResults() throws Exception {
    Path checkpoints = folder.newFolder("checkpoints").toPath();
    Path output = folder.newFolder("output").toPath();
    Instant start = Instant.now().plus(Duration.standardSeconds(5));
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    // The same JVM flags (heap, the --add-opens Ray needs) and classpath as this test's JVM.
    command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(CountingJobMain.class.getName());
    command.add(String.valueOf(start.getMillis()));
    command.add(String.valueOf(ELEMENTS));
    command.add(output.toString());
    command.addAll(List.of(args(checkpoints)));
    Process driver =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(folder.newFile("driver.log"))
            .start();
    try {
      long deadline = System.currentTimeMillis() + 120_000;
      while (manifests(checkpoints) < 3 && System.currentTimeMillis() < deadline && driver.isAlive()) {
        Thread.sleep(100);
      }
      assertTrue("the driver is running: see " + new File(folder.getRoot(), "driver.log"), driver.isAlive());
      assertTrue("checkpoints completed before the kill", manifests(checkpoints) >= 3);
    } finally {
      driver.destroyForcibly().waitFor();
    }

    SolsticePipelineOptions options = TestOptions.solstice(2);
    options.setCheckpointingInterval(200L);
    options.setCheckpointLocation(checkpoints.toUri().toString());
    options.setRestoreFromCheckpoint("latest");
    Pipeline resumed = Pipeline.create(options);
    CountingStreamJob.buildWritingTo(resumed, start, ELEMENTS, output);
    SolsticePipelineResult result = (SolsticePipelineResult) resumed.run();
    assertEquals(PipelineResult.State.DONE, result.waitUntilFinish());
    assertNotNull("it started from the dead driver's checkpoint", result.startedFrom());
    assertEquals(CountingStreamJob.expectedLines(ELEMENTS), CountingStreamJob.writtenLines(output));
  }

  private static String[] args(Path checkpoints) {
    return new String[] {
      "--runner=SolsticeRunner",
      "--parallelism=2",
      "--checkpointingInterval=200",
      "--checkpointLocation=" + checkpoints.toUri(),
    };
  }

  private static long manifests(Path checkpoints) throws Exception {
    while (true) {
      try (Stream<Path> files = Files.walk(checkpoints)) {
        return files.filter(f -> f.getFileName().toString().equals("_manifest")).count();
      } catch (UncheckedIOException e) {
        // The running job renames and deletes files while they are listed: list again.
        if (!(e.getCause() instanceof NoSuchFileException)) {
          throw e;
        }
      }
    }
  }
}
