package io.solstice.runner;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.io.GenerateSequence;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.transforms.Count;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.transforms.Sum;
import org.apache.beam.sdk.transforms.join.CoGbkResult;
import org.apache.beam.sdk.transforms.join.CoGroupByKey;
import org.apache.beam.sdk.transforms.join.KeyedPCollectionTuple;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Batch grouping steps given 1 MB of grouping memory spill sorted runs and merge them: GroupByKey,
 * a lifted Combine (accumulators spilled) and CoGroupByKey give exact results with checkpoints on
 * (the job does not fail while checkpoints find a step with input on disk), the bytes spilled are
 * reported, and no spill file is left. A job where a step waits for checkpoints does not spill.
 */
public class SpilledGroupingTest {
  private static final long NUMBERS = 120_000;
  private static final long KEYS = 30_000;

  @Rule public TemporaryFolder folder = new TemporaryFolder();

  @Test
  public void groupingStepsSpillAndGiveExactResults() throws IOException {
    Path spill = folder.newFolder("spill").toPath();
    SolsticePipelineOptions options = TestOptions.solstice(2);
    options.setGroupingMemoryMb(1);
    options.setSpillDirectory(spill.toString());
    options.setCheckpointingInterval(100L);
    options.setCheckpointLocation(folder.newFolder("checkpoints").toURI().toString());
    Pipeline pipeline = Pipeline.create(options);

    PCollection<KV<Long, Long>> numbers =
        pipeline
            .apply(GenerateSequence.from(0).to(NUMBERS))
            .apply(
                MapElements.into(TypeDescriptors.kvs(TypeDescriptors.longs(), TypeDescriptors.longs()))
                    .via((Long n) -> KV.of(n % KEYS, n)));
    PCollection<String> grouped =
        numbers.apply(GroupByKey.create()).apply("CheckGroups", verdicts(SpilledGroupingTest::groupVerdict));
    PCollection<String> summed =
        numbers.apply(Sum.longsPerKey()).apply("CheckSums", verdicts(SpilledGroupingTest::sumVerdict));
    TupleTag<Long> left = new TupleTag<>();
    TupleTag<Long> right = new TupleTag<>();
    PCollection<String> joined =
        KeyedPCollectionTuple.of(left, numbers)
            .and(right, numbers.apply("Halves", MapElements.into(numbers.getTypeDescriptor()).via((KV<Long, Long> kv) -> KV.of(kv.getKey(), kv.getValue() / 2))))
            .apply(CoGroupByKey.create())
            .apply("CheckJoin", verdicts(joinVerdict(left, right)));
    for (PCollection<String> checked : List.of(grouped, summed, joined)) {
      PAssert.that(checked.apply(Count.perElement())).containsInAnyOrder(KV.of("ok", KEYS));
    }

    SolsticePipelineResult result = (SolsticePipelineResult) pipeline.run();
    assertEquals(PipelineResult.State.DONE, result.waitUntilFinish());
    assertTrue("the grouping steps spilled: " + result.dataMoved().spilledBytes(), result.dataMoved().spilledBytes() > 1_000_000);
    try (Stream<Path> leftBehind = Files.walk(spill)) {
      List<Path> files = new ArrayList<>();
      leftBehind.filter(p -> !p.equals(spill)).forEach(files::add);
      assertTrue("spill files left behind: " + files, files.isEmpty());
    }
  }

  /**
   * With checkpoints on, a @RequiresStableInput step releases input only once a checkpoint that
   * holds it completes; a grouping step with input on disk skips checkpoints, so were it to spill
   * downstream of that step, neither could go on. There grouping keeps its input in memory.
   */
  @Test
  public void aStepWaitingForCheckpointsKeepsGroupingInMemoryRatherThanWaitingForever() throws IOException {
    SolsticePipelineOptions options = TestOptions.solstice(2);
    options.setGroupingMemoryMb(1);
    options.setSpillDirectory(folder.newFolder("spill").toString());
    options.setCheckpointingInterval(100L);
    options.setCheckpointLocation(folder.newFolder("checkpoints").toURI().toString());
    Pipeline pipeline = Pipeline.create(options);
    PCollection<String> grouped =
        pipeline
            .apply(GenerateSequence.from(0).to(NUMBERS))
            .apply(
                MapElements.into(TypeDescriptors.kvs(TypeDescriptors.longs(), TypeDescriptors.longs()))
                    .via((Long n) -> KV.of(n % KEYS, n)))
            .apply("Stable", ParDo.of(new StablePassThrough()))
            .apply(GroupByKey.create())
            .apply("CheckGroups", verdicts(SpilledGroupingTest::groupVerdict));
    PAssert.that(grouped.apply(Count.perElement())).containsInAnyOrder(KV.of("ok", KEYS));

    SolsticePipelineResult result = (SolsticePipelineResult) pipeline.run();
    PipelineResult.State state = result.waitUntilFinish(org.joda.time.Duration.standardMinutes(2));
    if (state != PipelineResult.State.DONE) {
      result.cancel();
    }
    assertEquals("the job ended (it must not wait forever)", PipelineResult.State.DONE, state);
    assertEquals("nothing spilled", 0, result.dataMoved().spilledBytes());
  }

  /** Passes elements on once they are stable (in a completed checkpoint). */
  private static final class StablePassThrough extends DoFn<KV<Long, Long>, KV<Long, Long>> {
    @RequiresStableInput
    @ProcessElement
    public void process(@Element KV<Long, Long> element, OutputReceiver<KV<Long, Long>> out) {
      out.output(element);
    }
  }

  private static <T> MapElements<T, String> verdicts(SerializableFunction<T, String> check) {
    return MapElements.into(TypeDescriptors.strings()).via(check);
  }

  /** Key k has the numbers k, k + KEYS, ... below NUMBERS. */
  private static List<Long> expected(long key) {
    List<Long> numbers = new ArrayList<>();
    for (long n = key; n < NUMBERS; n += KEYS) {
      numbers.add(n);
    }
    return numbers;
  }

  private static String groupVerdict(KV<Long, Iterable<Long>> group) {
    List<Long> values = new ArrayList<>();
    group.getValue().forEach(values::add);
    values.sort(null);
    return values.equals(expected(group.getKey())) ? "ok" : "group " + group.getKey() + ": " + values;
  }

  private static String sumVerdict(KV<Long, Long> sum) {
    long expected = expected(sum.getKey()).stream().mapToLong(Long::longValue).sum();
    return sum.getValue() == expected ? "ok" : "sum of " + sum.getKey() + ": " + sum.getValue() + ", not " + expected;
  }

  private static SerializableFunction<KV<Long, CoGbkResult>, String> joinVerdict(TupleTag<Long> left, TupleTag<Long> right) {
    return joined -> {
      List<Long> lefts = new ArrayList<>();
      List<Long> rights = new ArrayList<>();
      joined.getValue().getAll(left).forEach(lefts::add);
      joined.getValue().getAll(right).forEach(rights::add);
      lefts.sort(null);
      rights.sort(null);
      List<Long> expected = expected(joined.getKey());
      List<Long> halves = new ArrayList<>();
      expected.forEach(n -> halves.add(n / 2));
      return lefts.equals(expected) && rights.equals(halves) ? "ok" : "join of " + joined.getKey() + ": " + lefts + " / " + rights;
    };
  }
}
