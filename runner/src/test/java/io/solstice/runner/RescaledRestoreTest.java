package io.solstice.runner;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.solstice.runner.testing.Causes;
import io.solstice.runner.testing.CountingStreamJob;
import io.solstice.runner.testing.LinesSink;
import io.solstice.runner.testing.ShardedBatchJob;
import io.solstice.runner.testing.SlowShardedNumbers;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.io.Read;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Sum;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * --restoreFromCheckpoint with another --parallelism: a cancelled job resumes with more or fewer
 * workers and ends with exact results, its keyed state divided anew by key group and its sources'
 * shards read once; a stage whose workers keep state of their own refuses, naming the fix.
 */
public class RescaledRestoreTest {
  /** 20 s of stream: room for two runs to start and checkpoint before the last one ends it. */
  private static final long STREAM_ELEMENTS = 10_000;
  private static final int SHARDS = 16;
  private static final long PER_SHARD = 50;

  @Rule public TemporaryFolder folder = new TemporaryFolder();

  private static SolsticePipelineOptions options(Path checkpoints, int parallelism, boolean restore) {
    SolsticePipelineOptions options = TestOptions.solstice(parallelism);
    options.setCheckpointingInterval(200L);
    options.setCheckpointLocation(checkpoints.toUri().toString());
    if (restore) {
      options.setRestoreFromCheckpoint("latest");
    }
    return options;
  }

  /** Runs the job until it has completed {@code checkpoints} checkpoints, then cancels it. */
  private static SolsticePipelineResult runAndCancel(Pipeline pipeline, int checkpoints) throws InterruptedException {
    SolsticePipelineResult result = (SolsticePipelineResult) pipeline.run();
    long deadline = System.currentTimeMillis() + 60_000;
    while (result.completedCheckpoints() < checkpoints && System.currentTimeMillis() < deadline) {
      Thread.sleep(20);
    }
    assertTrue("checkpoints before the cancel: " + result.completedCheckpoints(), result.completedCheckpoints() >= checkpoints);
    result.cancel();
    assertEquals(PipelineResult.State.CANCELLED, result.waitUntilFinish());
    return result;
  }

  @Test
  public void aStreamingJobResumesWithMoreThenFewerWorkers() throws Exception {
    Path checkpoints = folder.newFolder("checkpoints").toPath();
    Path output = folder.newFolder("output").toPath();
    Instant start = Instant.now().plus(Duration.standardSeconds(1));
    Consumer<Pipeline> job = pipeline -> CountingStreamJob.buildWritingTo(pipeline, start, STREAM_ELEMENTS, output);

    Pipeline two = Pipeline.create(options(checkpoints, 2, false));
    job.accept(two);
    runAndCancel(two, 3);

    Pipeline three = Pipeline.create(options(checkpoints, 3, true));
    job.accept(three);
    SolsticePipelineResult threeWorkers = runAndCancel(three, 3);
    assertNotNull("from a checkpoint of two workers", threeWorkers.startedFrom());

    Pipeline one = Pipeline.create(options(checkpoints, 1, true));
    job.accept(one);
    SolsticePipelineResult result = (SolsticePipelineResult) one.run();
    assertEquals(PipelineResult.State.DONE, result.waitUntilFinish());
    assertThat("from a checkpoint of three workers", result.startedFrom(), containsString(threeWorkers.jobId()));
    assertEquals(CountingStreamJob.expectedLines(STREAM_ELEMENTS), CountingStreamJob.writtenLines(output));
  }

  /** Sums of slowly read numbers per key (n mod 10), written as lines once the input ends. */
  private static void sums(Pipeline pipeline, Path output) {
    pipeline
        .apply(Read.from(new SlowShardedNumbers(SHARDS, PER_SHARD, 300)))
        .apply(ParDo.of(new ShardedBatchJob.CountRead()))
        .apply(MapElements.into(TypeDescriptors.kvs(TypeDescriptors.longs(), TypeDescriptors.longs())).via(n -> KV.of(n % 10, n)))
        .apply(Sum.longsPerKey())
        .apply(MapElements.into(TypeDescriptors.strings()).via(kv -> kv.getKey() + "=" + kv.getValue()))
        .apply(ParDo.of(new LinesSink(output)));
  }

  @Test
  public void aBatchJobResumesWithMoreWorkersReadingEachShardOnce() throws Exception {
    Path checkpoints = folder.newFolder("checkpoints").toPath();
    Path output = folder.newFolder("output").toPath();
    Pipeline two = Pipeline.create(options(checkpoints, 2, false));
    sums(two, output);
    // Past a second of reading: a few of each worker's shards are in the checkpoints.
    runAndCancel(two, 4);

    Pipeline three = Pipeline.create(options(checkpoints, 3, true));
    sums(three, output);
    SolsticePipelineResult result = (SolsticePipelineResult) three.run();
    assertEquals(PipelineResult.State.DONE, result.waitUntilFinish());
    assertNotNull("from a checkpoint", result.startedFrom());
    long read = ShardedBatchJob.numbersRead(result);
    assertTrue("the restored job read " + read + " numbers, at least a shard less than all", read <= (SHARDS - 1) * PER_SHARD);
    List<String> expected = new ArrayList<>();
    for (long key = 0; key < 10; key++) {
      long sum = 0;
      for (long n = key; n < SHARDS * PER_SHARD; n += 10) {
        sum += n;
      }
      expected.add(key + "=" + sum);
    }
    expected.sort(null);
    assertEquals(expected, CountingStreamJob.writtenLines(output));
  }

  /** Passes the stream's elements on with a side input: its workers keep the side input's panes. */
  private static final class WithSideInput extends DoFn<KV<Long, Long>, String> {
    private final PCollectionView<Long> offset;

    WithSideInput(PCollectionView<Long> offset) {
      this.offset = offset;
    }

    @ProcessElement
    public void process(ProcessContext context) {
      context.output(context.element().getKey() + "+" + context.sideInput(offset));
    }
  }

  @Test
  public void aStageWithStateOfItsOwnKeepsItsNumberOfWorkers() throws Exception {
    Path checkpoints = folder.newFolder("checkpoints").toPath();
    Path output = folder.newFolder("output").toPath();
    Instant start = Instant.now().plus(Duration.standardSeconds(1));
    Consumer<Pipeline> job =
        pipeline -> {
          PCollectionView<Long> offset = pipeline.apply("Offset", Create.of(7L)).apply(View.asSingleton());
          CountingStreamJob.keyedStream(pipeline, start, STREAM_ELEMENTS)
              .apply("AddOffset", ParDo.of(new WithSideInput(offset)).withSideInputs(offset))
              .apply(ParDo.of(new LinesSink(output)));
        };
    Pipeline two = Pipeline.create(options(checkpoints, 2, false));
    job.accept(two);
    runAndCancel(two, 2);

    Pipeline three = Pipeline.create(options(checkpoints, 3, true));
    job.accept(three);
    // Refused before the job starts: run() itself throws.
    RuntimeException failure = assertThrows(RuntimeException.class, three::run);
    String messages = Causes.describe(failure);
    assertThat(messages, containsString("cannot be restored with 3 workers for stage 'AddOffset"));
    assertThat(messages, containsString("it had 2"));
    assertThat(messages, containsString("--parallelism=2"));
  }
}
