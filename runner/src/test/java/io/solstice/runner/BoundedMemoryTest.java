package io.solstice.runner;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.io.GenerateSequence;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.transforms.Count;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.Reshuffle;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.Test;

/**
 * Moves far more data through the engine's queues and payload store than the heap holds, and
 * groups more than it holds: the surefire execution {@code bounded-memory} runs this class alone
 * with {@code -Xmx160m}. Splits are freed once consumed and backpressure bounds what is in flight;
 * a batch GroupByKey spills sorted runs to disk past its grouping memory; so both must complete.
 */
public class BoundedMemoryTest {
  private static final int RECORDS = 400_000;
  private static final int RECORD_BYTES = 1000;

  @Test
  public void streamsMoreDataThanTheHeapHolds() {
    long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getMax();
    long volume = (long) RECORDS * RECORD_BYTES;
    assertTrue("the data must not fit the heap: heap " + heap + ", data " + volume, volume > 2 * heap);

    Pipeline pipeline = Pipeline.create(TestOptions.solstice(2));
    char[] padding = new char[RECORD_BYTES - 1];
    Arrays.fill(padding, '.');
    String pad = new String(padding);
    PCollection<KV<String, Long>> counts =
        pipeline
            .apply(GenerateSequence.from(0).to(RECORDS))
            .apply(MapElements.into(TypeDescriptors.strings()).via((Long n) -> (n % 4) + pad))
            // Every record crosses a stage boundary through the queue and the payload store.
            .apply(Reshuffle.viaRandomKey())
            .apply(MapElements.into(TypeDescriptors.strings()).via((String s) -> s.substring(0, 1)))
            .apply(Count.perElement());
    PAssert.that(counts)
        .containsInAnyOrder(
            KV.of("0", RECORDS / 4L), KV.of("1", RECORDS / 4L), KV.of("2", RECORDS / 4L), KV.of("3", RECORDS / 4L));
    SolsticePipelineResult result = (SolsticePipelineResult) pipeline.run();
    assertEquals(PipelineResult.State.DONE, result.waitUntilFinish());
    assertEquals(0, result.payloadsLeftAtEnd());
  }

  /**
   * 400,000 values of 300 bytes in 200,000 groups (120 MB of values on a 160 MB heap): as Java
   * objects in a hash map (strings, lists, entries) they would take more than the whole heap, and
   * the job runs out of memory when spilling is turned off. With it, the grouping step spills and
   * finishes. Each group is checked where it comes out (two values, both of its key), and only the
   * verdicts are counted, so that nothing downstream holds the data again.
   */
  @Test
  public void groupsMoreDataThanTheHeapHolds() {
    long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getMax();
    long keys = GROUPED_KEYS;
    long values = 2 * keys;
    assertTrue("the values alone must come near the heap", values * GROUPED_VALUE_BYTES > heap / 2);

    Pipeline pipeline = Pipeline.create(TestOptions.solstice(2));
    char[] padding = new char[GROUPED_VALUE_BYTES];
    Arrays.fill(padding, '.');
    String pad = new String(padding);
    PCollection<KV<String, Long>> verdicts =
        pipeline
            .apply(GenerateSequence.from(0).to(values))
            .apply(
                MapElements.into(TypeDescriptors.kvs(TypeDescriptors.longs(), TypeDescriptors.strings()))
                    .via((Long n) -> KV.of(n % keys, n + pad)))
            .apply(GroupByKey.create())
            .apply(MapElements.into(TypeDescriptors.strings()).via(BoundedMemoryTest::verdict))
            .apply(Count.perElement());
    PAssert.that(verdicts).containsInAnyOrder(KV.of("ok", keys));
    SolsticePipelineResult result = (SolsticePipelineResult) pipeline.run();
    assertEquals(PipelineResult.State.DONE, result.waitUntilFinish());
    assertTrue("the grouping step spilled", result.dataMoved().spilledBytes() > values * GROUPED_VALUE_BYTES / 4);
  }

  private static final long GROUPED_KEYS = 200_000;
  private static final int GROUPED_VALUE_BYTES = 300;

  private static String verdict(KV<Long, Iterable<String>> group) {
    int count = 0;
    for (String value : group.getValue()) {
      long n = Long.parseLong(value.substring(0, value.length() - GROUPED_VALUE_BYTES));
      if (n % GROUPED_KEYS != group.getKey()) {
        return "value " + n + " in the group of key " + group.getKey();
      }
      count++;
    }
    return count == 2 ? "ok" : count + " values in the group of key " + group.getKey();
  }
}
