package io.solstice.translation.runtime.operators;

import io.solstice.translation.runtime.Operator;
import io.solstice.translation.runtime.OperatorContext;
import io.solstice.translation.runtime.OperatorState;
import io.solstice.translation.runtime.SnapshotNotReadyException;
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
  private Gathering<K, InputT, AccumT, OutputT> groups;
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
    this.groups = Gathering.of(gathered, timestampCombiner, context, true);
  }

  @Override
  @SuppressWarnings("unchecked")
  public void processElement(WindowedValue<?> element) throws IOException {
    KV<K, InputT> kv = (KV<K, InputT>) element.getValue();
    for (BoundedWindow window : element.getWindows()) {
      groups.add(kv.getKey(), window, timestampCombiner.assign(window, element.getTimestamp()), kv.getValue());
    }
  }

  /** Once the input has ended: each key's windows, handed over one key after another, merged and emitted. */
  @Override
  public void processWatermark(Instant watermark) throws Exception {
    if (watermark.isBefore(BoundedWindow.TIMESTAMP_MAX_VALUE)) {
      return;
    }
    KeyAtATime keys = new KeyAtATime();
    groups.drain(keys);
    keys.finish();
  }

  /** Collects one key's windows as the drain hands them over, and emits them when the key changes. */
  private final class KeyAtATime implements Gathering.Sink<K, InputT, AccumT, OutputT> {
    private KeyWindows current;

    @Override
    public void accept(BoundedWindow window, KeyWindowGroup<K, InputT, AccumT, OutputT> group) {
      Object key = keyCoder.structuralValue(group.key);
      if (current != null && !current.structuralKey.equals(key)) {
        finish();
      }
      if (current == null) {
        current = new KeyWindows(group.key, key);
      }
      current.put(window, group);
    }

    void finish() {
      if (current != null) {
        emit(current);
        current = null;
      }
    }
  }

  private void emit(KeyWindows windows) {
    windows.merge();
    for (Map.Entry<W, KeyWindowGroup<K, InputT, AccumT, OutputT>> entry : windows.groups.entrySet()) {
      KeyWindowGroup<K, InputT, AccumT, OutputT> group = entry.getValue();
      context.output().output(
          output,
          WindowedValues.of(KV.of(group.key, group.result()), group.timestamp, entry.getKey(), PaneInfo.ON_TIME_AND_ONLY_FIRING));
    }
  }

  /** One key's groups, by window as assigned until {@link #merge} runs. */
  private final class KeyWindows {
    final K key;
    final Object structuralKey;
    final Map<W, KeyWindowGroup<K, InputT, AccumT, OutputT>> groups = new HashMap<>();

    KeyWindows(K key, Object structuralKey) {
      this.key = key;
      this.structuralKey = structuralKey;
    }

    @SuppressWarnings("unchecked")
    void put(BoundedWindow window, KeyWindowGroup<K, InputT, AccumT, OutputT> group) {
      groups.put((W) window, group);
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

  /**
   * What has been gathered so far (windows as assigned), by key group; nothing once it ended. Once
   * part of it has spilled to disk the checkpoint is skipped: a state file holds its bytes in memory.
   */
  @Override
  public OperatorState snapshotState(long checkpointId) throws IOException, SnapshotNotReadyException {
    if (groups.spilled()) {
      throw new SnapshotNotReadyException(
          "step " + context.stepName() + " has spilled " + groups.spillSummary()
              + " of its gathered input to disk; checkpoints resume once it has emitted its groups");
    }
    return new OperatorState(gathered.write(groups.inMemory(), context::keyGroupOf), new byte[0]);
  }

  @Override
  public void restoreState(OperatorState state) throws IOException {
    for (GatheredGroups.Entry<K, InputT, AccumT, OutputT> entry : gathered.read(state.keyGroups().values())) {
      groups.restore(entry.window(), entry.group());
    }
  }

  @Override
  public long spilledBytes() {
    return groups == null ? 0 : groups.spilledBytes();
  }

  @Override
  public void close() {
    if (groups != null) {
      groups.close();
    }
  }
}
