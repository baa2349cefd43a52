package io.solstice.translation.runtime.operators;

import io.solstice.translation.runtime.GroupingMemory;
import io.solstice.translation.runtime.JobClock;
import io.solstice.translation.runtime.OperatorContext;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.apache.beam.runners.core.metrics.MetricsContainerImpl;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.util.WindowedValueMultiReceiver;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.WindowedValue;

/** The context of one operator run by a test, outside a stage: worker 0 of 1, no clock. */
final class TestOperatorContext implements OperatorContext {
  /**
   * A context whose output goes to {@code out}, each pane described as key, windows, timestamp, pane
   * and its values in order (or its combined value).
   */
  static TestOperatorContext describingInto(List<String> out, GroupingMemory groupingMemory) {
    return new TestOperatorContext(
        new WindowedValueMultiReceiver() {
          @Override
          public <T> void output(TupleTag<T> tag, WindowedValue<T> value) {
            out.add(describe(value));
          }
        },
        groupingMemory);
  }

  private static String describe(WindowedValue<?> value) {
    KV<?, ?> kv = (KV<?, ?>) value.getValue();
    Object result = kv.getValue();
    if (result instanceof Iterable) {
      result = StreamSupport.stream(((Iterable<?>) result).spliterator(), false).map(v -> (Long) v).sorted().collect(Collectors.toList());
    }
    return kv.getKey() + " " + value.getWindows() + " @" + value.getTimestamp() + " " + value.getPaneInfo() + " " + result;
  }

  private final WindowedValueMultiReceiver receiver;
  private final GroupingMemory groupingMemory;
  private final PipelineOptions options = PipelineOptionsFactory.create();

  TestOperatorContext(WindowedValueMultiReceiver receiver, GroupingMemory groupingMemory) {
    this.receiver = receiver;
    this.groupingMemory = groupingMemory;
  }

  @Override public String stepName() { return "gabw"; }
  @Override public PipelineOptions options() { return options; }
  @Override public WindowedValueMultiReceiver output() { return receiver; }
  @Override public MetricsContainerImpl metrics() { return new MetricsContainerImpl("gabw"); }
  @Override public int workerIndex() { return 0; }
  @Override public int parallelism() { return 1; }
  @Override public int keyGroupOf(byte[] encodedKey) { return Math.floorMod(Arrays.hashCode(encodedKey), 128); }
  @Override public JobClock jobClock() { throw new UnsupportedOperationException("no clock in this test"); }
  @Override public boolean checkpointing() { return false; }
  @Override public GroupingMemory groupingMemory() { return groupingMemory; }
}
