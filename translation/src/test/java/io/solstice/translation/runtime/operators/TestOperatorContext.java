package io.solstice.translation.runtime.operators;

import io.solstice.translation.runtime.GroupingMemory;
import io.solstice.translation.runtime.JobClock;
import io.solstice.translation.runtime.OperatorContext;
import java.util.Arrays;
import org.apache.beam.runners.core.metrics.MetricsContainerImpl;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.util.WindowedValueMultiReceiver;

/** The context of one operator run by a test, outside a stage: worker 0 of 1, no clock. */
final class TestOperatorContext implements OperatorContext {
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
