package io.solstice.runner.testing;

import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.state.StateSpec;
import org.apache.beam.sdk.state.StateSpecs;
import org.apache.beam.sdk.state.ValueState;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.KV;

/**
 * Counts each key's elements in state and emits every running count as {@code key=count}, sleeping
 * a fixed time per element: a keyed stateful stage slow enough to lag behind its input.
 */
public final class SlowRunningCount extends DoFn<KV<Long, Long>, String> {
  private final long millisPerElement;

  @StateId("count")
  private final StateSpec<ValueState<Long>> count = StateSpecs.value(VarLongCoder.of());

  public SlowRunningCount(long millisPerElement) {
    this.millisPerElement = millisPerElement;
  }

  @ProcessElement
  public void process(@Element KV<Long, Long> element, @StateId("count") ValueState<Long> count, OutputReceiver<String> out)
      throws InterruptedException {
    Thread.sleep(millisPerElement);
    long seen = count.read() == null ? 1 : count.read() + 1;
    count.write(seen);
    out.output(element.getKey() + "=" + seen);
  }
}
