package io.solstice.translation.runtime.operators;

import io.solstice.translation.runtime.Operator;
import io.solstice.translation.runtime.OperatorContext;
import io.solstice.translation.runtime.OperatorState;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.PaneInfo;
import org.apache.beam.sdk.transforms.windowing.TimestampCombiner;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.WindowedValue;
import org.apache.beam.sdk.values.WindowedValues;
import org.joda.time.Instant;

/**
 * GroupByKey's second half for bounded input, non-merging windows and the default trigger. There a
 * bounded input's watermark only jumps from the start to the end of time, so the default trigger
 * fires exactly one on-time pane per key and window once the input ends: values (or accumulators)
 * are gathered in a hash map and emitted at the end, without ReduceFnRunner's per-key state and
 * timers. The output matches ReduceFnRunner's: same values, timestamps per the timestamp combiner,
 * and pane {@link PaneInfo#ON_TIME_AND_ONLY_FIRING}.
 */
final class BatchGroupAlsoByWindowOperator<K, InputT, AccumT, OutputT> implements Operator {
  private final Coder<K> keyCoder;
  private final TimestampCombiner timestampCombiner;
  private final GatheredGroups<K, InputT, AccumT, OutputT> gathered;
  private final TupleTag<KV<K, OutputT>> output;
  private final Map<Slot, KeyWindowGroup<K, InputT, AccumT, OutputT>> groups = new HashMap<>();
  private OperatorContext context;

  BatchGroupAlsoByWindowOperator(
      Coder<K> keyCoder,
      TimestampCombiner timestampCombiner,
      GatheredGroups<K, InputT, AccumT, OutputT> gathered,
      TupleTag<KV<K, OutputT>> output) {
    this.keyCoder = keyCoder;
    this.timestampCombiner = timestampCombiner;
    this.gathered = gathered;
    this.output = output;
  }

  @Override
  public void open(OperatorContext context) {
    this.context = context;
  }

  @Override
  @SuppressWarnings("unchecked")
  public void processElement(WindowedValue<?> element) {
    KV<K, InputT> kv = (KV<K, InputT>) element.getValue();
    Object structuralKey = keyCoder.structuralValue(kv.getKey());
    for (BoundedWindow window : element.getWindows()) {
      Instant timestamp = timestampCombiner.assign(window, element.getTimestamp());
      Slot slot = new Slot(structuralKey, window);
      KeyWindowGroup<K, InputT, AccumT, OutputT> group = groups.get(slot);
      if (group == null) {
        group = gathered.newGroup(kv.getKey(), timestamp);
        groups.put(slot, group);
      } else {
        group.timestamp = timestampCombiner.combine(group.timestamp, timestamp);
      }
      group.add(kv.getValue());
    }
  }

  @Override
  public void processWatermark(Instant watermark) {
    if (watermark.isBefore(BoundedWindow.TIMESTAMP_MAX_VALUE)) {
      return;
    }
    for (Map.Entry<Slot, KeyWindowGroup<K, InputT, AccumT, OutputT>> entry : groups.entrySet()) {
      KeyWindowGroup<K, InputT, AccumT, OutputT> group = entry.getValue();
      context.output().output(
          output,
          WindowedValues.of(
              KV.of(group.key, group.result()),
              group.timestamp,
              entry.getKey().window,
              PaneInfo.ON_TIME_AND_ONLY_FIRING));
    }
    groups.clear();
  }

  /** A key (by its structural value, as Beam groups) in one window. */
  private static final class Slot {
    final Object key;
    final BoundedWindow window;
    final int hash;

    Slot(Object key, BoundedWindow window) {
      this.key = key;
      this.window = window;
      this.hash = 31 * Objects.hashCode(key) + window.hashCode();
    }

    @Override
    public boolean equals(Object o) {
      if (!(o instanceof Slot)) {
        return false;
      }
      Slot that = (Slot) o;
      return hash == that.hash && Objects.equals(key, that.key) && window.equals(that.window);
    }

    @Override
    public int hashCode() {
      return hash;
    }
  }

  /** What has been gathered so far, by key group (nothing once the input has ended). */
  @Override
  public OperatorState snapshotState(long checkpointId) throws IOException {
    List<GatheredGroups.Entry<K, InputT, AccumT, OutputT>> entries = new ArrayList<>(groups.size());
    groups.forEach((slot, group) -> entries.add(new GatheredGroups.Entry<>(slot.window, group)));
    return new OperatorState(gathered.write(entries, context::keyGroupOf), new byte[0]);
  }

  @Override
  public void restoreState(OperatorState state) throws IOException {
    for (GatheredGroups.Entry<K, InputT, AccumT, OutputT> entry : gathered.read(state.keyGroups().values())) {
      groups.put(new Slot(keyCoder.structuralValue(entry.group().key), entry.window()), entry.group());
    }
  }
}
