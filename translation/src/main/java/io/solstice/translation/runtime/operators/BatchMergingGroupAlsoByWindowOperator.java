package io.solstice.translation.runtime.operators;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.TimestampCombiner;
import org.apache.beam.sdk.transforms.windowing.WindowFn;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.TupleTag;
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
    extends BatchGroupingOperator<K, InputT, AccumT, OutputT> {
  private final Coder<K> keyCoder;
  private final WindowFn<Object, W> windowFn;

  BatchMergingGroupAlsoByWindowOperator(
      Coder<K> keyCoder,
      WindowFn<Object, W> windowFn,
      TimestampCombiner timestampCombiner,
      GatheredGroups<K, InputT, AccumT, OutputT> gathered,
      TupleTag<KV<K, OutputT>> output) {
    super(timestampCombiner, gathered, output, true);
    this.keyCoder = keyCoder;
    this.windowFn = windowFn;
  }

  /** Each key's windows, handed over one key after another, merged and emitted. */
  @Override
  protected void emitAll(Gathering<K, InputT, AccumT, OutputT> groups) throws Exception {
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
    windows.groups.forEach(this::output);
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

}
