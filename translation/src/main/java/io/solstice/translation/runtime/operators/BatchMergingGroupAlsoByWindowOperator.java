package io.solstice.translation.runtime.operators;

import io.solstice.translation.runtime.Operator;
import io.solstice.translation.runtime.OperatorContext;
import io.solstice.translation.runtime.OperatorState;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.PaneInfo;
import org.apache.beam.sdk.transforms.windowing.TimestampCombiner;
import org.apache.beam.sdk.transforms.windowing.WindowFn;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.WindowedValue;
import org.apache.beam.sdk.values.WindowedValues;
import org.joda.time.Instant;

/**
 * GroupByKey's second half for bounded input, merging windows (sessions, custom merging window
 * functions) and the default trigger. Values are gathered per key and per window as assigned; once
 * the input ends, each key's windows are merged in one call of the window function's {@code
 * mergeWindows}, as the Flink and Spark runners do in batch, and one on-time pane is emitted per
 * resulting window. ReduceFnRunner would merge the same windows as elements arrive, keeping state
 * and timers per key and window; with a watermark that jumps from start to end the panes are the
 * same. A merged window's timestamp merges its parts' as the timestamp combiner says.
 */
final class BatchMergingGroupAlsoByWindowOperator<K, InputT, AccumT, OutputT, W extends BoundedWindow>
    implements Operator {
  private final Coder<K> keyCoder;
  private final WindowFn<Object, W> windowFn;
  private final TimestampCombiner timestampCombiner;
  private final GatheredGroups<K, InputT, AccumT, OutputT> gathered;
  private final TupleTag<KV<K, OutputT>> output;
  private final Map<Object, KeyWindows> keys = new HashMap<>();
  private OperatorContext context;

  BatchMergingGroupAlsoByWindowOperator(
      Coder<K> keyCoder,
      WindowFn<Object, W> windowFn,
      TimestampCombiner timestampCombiner,
      GatheredGroups<K, InputT, AccumT, OutputT> gathered,
      TupleTag<KV<K, OutputT>> output) {
    this.keyCoder = keyCoder;
    this.windowFn = windowFn;
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
    KeyWindows windows =
        keys.computeIfAbsent(keyCoder.structuralValue(kv.getKey()), k -> new KeyWindows(kv.getKey()));
    for (BoundedWindow window : element.getWindows()) {
      windows.add((W) window, timestampCombiner.assign(window, element.getTimestamp()), kv.getValue());
    }
  }

  @Override
  public void processWatermark(Instant watermark) {
    if (watermark.isBefore(BoundedWindow.TIMESTAMP_MAX_VALUE)) {
      return;
    }
    for (KeyWindows windows : keys.values()) {
      windows.merge();
      for (Map.Entry<W, KeyWindowGroup<K, InputT, AccumT, OutputT>> entry : windows.groups.entrySet()) {
        KeyWindowGroup<K, InputT, AccumT, OutputT> group = entry.getValue();
        context.output().output(
            output,
            WindowedValues.of(
                KV.of(group.key, group.result()),
                group.timestamp,
                entry.getKey(),
                PaneInfo.ON_TIME_AND_ONLY_FIRING));
      }
    }
    keys.clear();
  }

  /** One key's groups, by window as assigned until {@link #merge} runs. */
  private final class KeyWindows {
    final K key;
    final Map<W, KeyWindowGroup<K, InputT, AccumT, OutputT>> groups = new HashMap<>();

    KeyWindows(K key) {
      this.key = key;
    }

    void add(W window, Instant timestamp, InputT value) {
      KeyWindowGroup<K, InputT, AccumT, OutputT> group = groups.get(window);
      if (group == null) {
        group = gathered.newGroup(key, timestamp);
        groups.put(window, group);
      } else {
        group.timestamp = timestampCombiner.combine(group.timestamp, timestamp);
      }
      group.add(value);
    }

    void merge() {
      try {
        windowFn.mergeWindows(new Merger());
      } catch (Exception e) {
        throw new IllegalStateException(
            "Merging the windows of key " + key + " with " + windowFn + " failed", e);
      }
    }

    /** Folds the groups of merged windows into one group under the result window. */
    private final class Merger extends WindowFn<Object, W>.MergeContext {
      Merger() {
        windowFn.super();
      }

      @Override
      public Collection<W> windows() {
        return new ArrayList<>(groups.keySet());
      }

      @Override
      public void merge(Collection<W> toBeMerged, W mergeResult) {
        List<Instant> timestamps = new ArrayList<>();
        KeyWindowGroup<K, InputT, AccumT, OutputT> merged = null;
        List<W> parts = new ArrayList<>(toBeMerged);
        if (!toBeMerged.contains(mergeResult)) {
          parts.add(mergeResult);
        }
        for (W window : parts) {
          KeyWindowGroup<K, InputT, AccumT, OutputT> part = groups.remove(window);
          if (part == null) {
            continue;
          }
          timestamps.add(part.timestamp);
          if (merged == null) {
            merged = part;
          } else {
            merged.absorb(part);
          }
        }
        if (merged != null) {
          merged.timestamp = timestampCombiner.merge(mergeResult, timestamps);
          groups.put(mergeResult, merged);
        }
      }
    }
  }

  /** What has been gathered so far (windows as assigned), by key group; nothing once it ended. */
  @Override
  public OperatorState snapshotState(long checkpointId) throws IOException {
    List<GatheredGroups.Entry<K, InputT, AccumT, OutputT>> entries = new ArrayList<>();
    for (KeyWindows windows : keys.values()) {
      windows.groups.forEach((window, group) -> entries.add(new GatheredGroups.Entry<>(window, group)));
    }
    return new OperatorState(gathered.write(entries, context::keyGroupOf), new byte[0]);
  }

  @Override
  @SuppressWarnings("unchecked")
  public void restoreState(OperatorState state) throws IOException {
    for (GatheredGroups.Entry<K, InputT, AccumT, OutputT> entry : gathered.read(state.keyGroups().values())) {
      K key = entry.group().key;
      keys.computeIfAbsent(keyCoder.structuralValue(key), k -> new KeyWindows(key))
          .groups
          .put((W) entry.window(), entry.group());
    }
  }
}
