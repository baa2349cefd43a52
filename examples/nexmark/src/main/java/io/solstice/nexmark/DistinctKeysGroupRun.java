package io.solstice.nexmark;

import java.util.Arrays;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.io.GenerateSequence;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * A GroupByKey of N distinct keys, the batch-at-scale benchmark's job, on whatever runner the
 * arguments name: {@code GenerateSequence} to {@code KV<Long, String>} (a 20-odd-byte value per
 * key), {@code GroupByKey}, then a DoFn counting groups and values in Beam counters. Arguments:
 * {@code <keys> <runner arguments...>}. Prints {@code RESULT <keys> <seconds> <groups> <values>}
 * and exits 0 when both counts equal the keys, 1 otherwise.
 */
public final class DistinctKeysGroupRun {
  private DistinctKeysGroupRun() {}

  public static void main(String[] args) {
    long keys = Long.parseLong(args[0]);
    Pipeline pipeline = Pipeline.create(PipelineOptionsFactory.fromArgs(Arrays.copyOfRange(args, 1, args.length)).create());
    pipeline
        .apply(GenerateSequence.from(0).to(keys))
        .apply(
            MapElements.into(TypeDescriptors.kvs(TypeDescriptors.longs(), TypeDescriptors.strings()))
                .via((Long n) -> KV.of(n, "value-of-key-" + n)))
        .apply(GroupByKey.create())
        .apply(ParDo.of(new CountGroups()));
    long start = System.nanoTime();
    PipelineResult result = pipeline.run();
    PipelineResult.State state = result.waitUntilFinish();
    double seconds = (System.nanoTime() - start) / 1e9;
    long groups = JobCounters.sum(result, "scale", "groups");
    long values = JobCounters.sum(result, "scale", "values");
    // One write, so that no log line of another thread lands inside it.
    System.out.println(String.format("RESULT %d %.3f %d %d %s", keys, seconds, groups, values, state));
    System.exit(state == PipelineResult.State.DONE && groups == keys && values == keys ? 0 : 1);
  }


  /** Counts the groups and the values in them. */
  private static final class CountGroups extends DoFn<KV<Long, Iterable<String>>, Void> {
    private final Counter groups = Metrics.counter("scale", "groups");
    private final Counter values = Metrics.counter("scale", "values");

    @ProcessElement
    public void process(@Element KV<Long, Iterable<String>> group) {
      groups.inc();
      long n = 0;
      for (String ignored : group.getValue()) {
        n++;
      }
      values.inc(n);
    }
  }
}
