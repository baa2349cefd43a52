package io.solstice.runner.cluster;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.lessThan;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.solstice.runner.SolsticePipelineOptions;
import io.solstice.runner.SolsticePipelineResult;
import io.solstice.runner.SolsticeRunner;
import io.solstice.runner.testing.Causes;
import io.solstice.runner.testing.LinesSink;
import io.solstice.runner.testing.RayClusterRule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.Pipeline.PipelineExecutionException;
import org.apache.beam.sdk.io.GenerateSequence;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.Count;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.windowing.FixedWindows;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.joda.time.Duration;
import org.junit.ClassRule;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * A killed executor process (kill -9 of its JVM) fails the job within seconds, naming the stage
 * and worker it lost, and the job's other executor processes end too.
 */
public class ExecutorLossTest {
  private static final Pattern PID = Pattern.compile("pid (\\d+)");
  @ClassRule public static final RayClusterRule CLUSTER = RayClusterRule.withHead(2);

  @Rule public final TemporaryFolder folder = new TemporaryFolder();

  @Test(timeout = 180_000)
  public void aKilledExecutorFailsTheJobPromptlyNamingWhatItLostAndEverythingStops() throws Exception {
    SolsticePipelineOptions options =
        PipelineOptionsFactory.fromArgs(CLUSTER.jobArgs("--parallelism=2")).as(SolsticePipelineOptions.class);
    options.setRunner(SolsticeRunner.class);
    Pipeline pipeline = Pipeline.create(options);
    Path out = folder.newFolder("out").toPath();
    // Runs until cancelled: an unbounded source, windowed counts per key, a sink.
    pipeline
        .apply(GenerateSequence.from(0).withRate(200, Duration.standardSeconds(1)))
        .apply(MapElements.into(TypeDescriptors.kvs(TypeDescriptors.longs(), TypeDescriptors.longs())).via((Long n) -> KV.of(n % 10, n)))
        .apply(Window.into(FixedWindows.of(Duration.standardSeconds(1))))
        .apply(Count.perKey())
        .apply(MapElements.into(TypeDescriptors.strings()).via((KV<Long, Long> kv) -> kv.getKey() + "=" + kv.getValue()))
        .apply(ParDo.of(new LinesSink(out)));
    SolsticePipelineResult result = (SolsticePipelineResult) pipeline.run();
    List<Long> pids = new ArrayList<>();
    for (String executor : result.executors()) {
      Matcher matcher = PID.matcher(executor);
      assertTrue("an executor names its process: " + executor, matcher.find());
      pids.add(Long.parseLong(matcher.group(1)));
    }
    assertEquals(2, pids.size());
    awaitOutput(out);
    assertEquals(PipelineResult.State.RUNNING, result.getState());

    long killedAt = System.nanoTime();
    ProcessHandle victim = ProcessHandle.of(pids.get(1)).orElseThrow();
    victim.destroyForcibly();
    PipelineExecutionException failure =
        assertThrows(PipelineExecutionException.class, () -> result.waitUntilFinish(Duration.standardSeconds(60)));
    long seconds = (System.nanoTime() - killedAt) / 1_000_000_000L;
    assertThat("the job failed within seconds of the kill", seconds, lessThan(20L));
    String message = Causes.describe(failure);
    assertThat(message, containsString("executor 1"));
    assertThat(message, containsString("worker 1"));
    assertThat(message, containsString("stage '"));
    assertEquals(PipelineResult.State.FAILED, result.getState());
    for (long pid : pids) {
      assertTrue("executor process " + pid + " ended", ended(pid, 30_000));
    }
  }

  private static void awaitOutput(Path dir) throws Exception {
    long deadline = System.currentTimeMillis() + 60_000;
    while (System.currentTimeMillis() < deadline) {
      try (Stream<Path> files = Files.list(dir)) {
        if (files.findAny().isPresent()) {
          return;
        }
      }
      Thread.sleep(200);
    }
    throw new AssertionError("The job wrote nothing within 60 s");
  }

  private static boolean ended(long pid, long timeoutMillis) throws InterruptedException {
    long deadline = System.currentTimeMillis() + timeoutMillis;
    while (System.currentTimeMillis() < deadline) {
      Optional<ProcessHandle> process = ProcessHandle.of(pid);
      if (process.isEmpty() || !process.get().isAlive()) {
        return true;
      }
      Thread.sleep(200);
    }
    return false;
  }
}
