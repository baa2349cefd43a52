package io.solstice.runner;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.solstice.runner.testing.Causes;
import io.solstice.runner.testing.CountingStreamJob;
import io.solstice.runner.testing.LinesSink;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.state.StateSpec;
import org.apache.beam.sdk.state.StateSpecs;
import org.apache.beam.sdk.state.ValueState;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Elastic pools: a stateful stage that cannot keep up with its stream grows its pool while the
 * job runs, its keyed state moving to the new workers at a checkpoint, and every key's running
 * count comes out exactly once; bad bounds fail before the job starts.
 */
public class ElasticPoolTest {
  /** 8 s of stream at 500 elements/s, more than one slow worker's 250/s. */
  private static final long ELEMENTS = 4_000;
  private static final int KEYS = 10;

  @Rule public TemporaryFolder folder = new TemporaryFolder();

  /** Counts each key's elements in state, emitting every running count; slow, 4 ms an element. */
  static final class SlowCount extends DoFn<KV<Long, Long>, String> {
    @StateId("count")
    private final StateSpec<ValueState<Long>> count = StateSpecs.value(VarLongCoder.of());

    @ProcessElement
    public void process(
        @Element KV<Long, Long> element, @StateId("count") ValueState<Long> count, OutputReceiver<String> out)
        throws InterruptedException {
      Thread.sleep(4);
      long seen = count.read() == null ? 1 : count.read() + 1;
      count.write(seen);
      out.output(element.getKey() + "=" + seen);
    }
  }

  private static void build(Pipeline pipeline, Path output) {
    Instant start = Instant.now().plus(Duration.standardSeconds(1));
    CountingStreamJob.keyedStream(pipeline, start, ELEMENTS)
        .apply("SlowCount", ParDo.of(new SlowCount()))
        .apply("Write", ParDo.of(new LinesSink(output)));
  }

  private static List<String> expected() {
    // PeriodicImpulse emits its start, its stop and every interval between: ELEMENTS + 1 in all.
    long[] perKey = new long[KEYS];
    for (long i = 0; i <= ELEMENTS; i++) {
      perKey[(int) (i % KEYS)]++;
    }
    List<String> lines = new ArrayList<>();
    for (int key = 0; key < KEYS; key++) {
      for (long n = 1; n <= perKey[key]; n++) {
        lines.add(key + "=" + n);
      }
    }
    lines.sort(null);
    return lines;
  }

  private SolsticePipelineOptions options(String pools) throws Exception {
    SolsticePipelineOptions options = TestOptions.solstice(2);
    options.setStageWorkerPools(pools);
    options.setScaleCooldown(1_000);
    options.setCheckpointLocation(folder.newFolder().toURI().toString());
    return options;
  }

  @Test
  public void aLaggingStatefulStageGrowsItsPoolAndEveryCountComesOnce() throws Exception {
    Path output = folder.newFolder("output").toPath();
    Pipeline pipeline = Pipeline.create(options("SlowCount=1..4"));
    build(pipeline, output);
    SolsticePipelineResult result = (SolsticePipelineResult) pipeline.run();
    assertEquals(PipelineResult.State.DONE, result.waitUntilFinish());
    assertTrue("the pool was rescaled: " + result.retiredWorkers() + " workers retired", result.retiredWorkers() > 0);
    assertExactly(expected(), CountingStreamJob.writtenLines(output));
  }

  /** Equal as multisets, or a failure saying how many lines are missing and extra, with a few of each. */
  private static void assertExactly(List<String> expected, List<String> actual) {
    List<String> missing = new ArrayList<>(expected);
    List<String> extra = new ArrayList<>();
    for (String line : actual) {
      if (!missing.remove(line)) {
        extra.add(line);
      }
    }
    assertTrue(
        "missing " + missing.size() + " " + missing.subList(0, Math.min(10, missing.size())) + ", extra " + extra.size()
            + " " + extra.subList(0, Math.min(10, extra.size())),
        missing.isEmpty() && extra.isEmpty());
  }

  @Test
  public void badBoundsFailBeforeTheJobStarts() throws Exception {
    Path output = folder.newFolder("output").toPath();
    for (String[] bad :
        new String[][] {
          {"SlowCount=3..2", "MIN 3 is above MAX 2"},
          {"SlowCount=0..2", "at least 1 worker"},
          {"SlowCount=1..99999", "above --maxParallelism"},
          {"NoSuchStage=1..2", "no stage or transform of the job has"},
          {"SlowCount", "is not NAME=MIN..MAX"},
        }) {
      Pipeline pipeline = Pipeline.create(options(bad[0]));
      build(pipeline, output);
      Exception e = assertThrows(bad[0], RuntimeException.class, pipeline::run);
      assertThat(bad[0], Causes.describe(e), containsString(bad[1]));
    }
  }
}
