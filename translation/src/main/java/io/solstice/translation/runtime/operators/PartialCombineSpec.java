package io.solstice.translation.runtime.operators;

import io.solstice.translation.runtime.Operator;
import io.solstice.translation.runtime.OperatorContext;
import io.solstice.translation.runtime.OperatorSpec;
import io.solstice.translation.runtime.OperatorState;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.transforms.Combine.CombineFn;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.PaneInfo;
import org.apache.beam.sdk.transforms.windowing.TimestampCombiner;
import org.apache.beam.sdk.util.WindowedValueMultiReceiver;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.WindowedValue;
import org.apache.beam.sdk.values.WindowedValues;
import org.joda.time.Instant;

/**
 * The partial half of a lifted Combine.perKey: folds the inputs of each key and window into an
 * accumulator before the shuffle, and sends the accumulators on when the bundle finishes (or when
 * too many keys are held).
 */
public final class PartialCombineSpec<K, InputT, AccumT> implements OperatorSpec {
  private static final long serialVersionUID = 1L;
  // Bounds the memory of a bundle's partial accumulators; past it they are sent on early.
  private static final int MAX_HELD_KEYS = 200_000;

  private final CombineFn<InputT, AccumT, ?> combineFn;
  private final Coder<K> keyCoder;
  private final TimestampCombiner timestampCombiner;
  private final TupleTag<KV<K, AccumT>> output;

  public PartialCombineSpec(
      CombineFn<InputT, AccumT, ?> combineFn,
      Coder<K> keyCoder,
      TimestampCombiner timestampCombiner,
      TupleTag<KV<K, AccumT>> output) {
    this.combineFn = combineFn;
    this.keyCoder = keyCoder;
    this.timestampCombiner = timestampCombiner;
    this.output = output;
  }

  @Override
  public Operator create() {
    return new PartialCombine();
  }

  private final class PartialCombine implements Operator {
    private final Map<WindowedKey, Partial> partials = new LinkedHashMap<>();
    private WindowedValueMultiReceiver receiver;

    @Override
    public void open(OperatorContext context) {
      receiver = context.output();
    }

    @Override
    @SuppressWarnings("unchecked")
    public void processElement(WindowedValue<?> element) {
      KV<K, InputT> kv = (KV<K, InputT>) element.getValue();
      Object structuralKey = keyCoder.structuralValue(kv.getKey());
      for (BoundedWindow window : element.getWindows()) {
        Instant timestamp = timestampCombiner.assign(window, element.getTimestamp());
        WindowedKey key = new WindowedKey(structuralKey, window);
        Partial partial = partials.get(key);
        if (partial == null) {
          partial = new Partial(kv.getKey(), combineFn.createAccumulator(), timestamp);
          partials.put(key, partial);
        } else {
          partial.timestamp = timestampCombiner.combine(partial.timestamp, timestamp);
        }
        partial.accumulator = combineFn.addInput(partial.accumulator, kv.getValue());
      }
      if (partials.size() >= MAX_HELD_KEYS) {
        flush();
      }
    }

    @Override
    public void finishBundle() {
      flush();
    }

    @Override
    public OperatorState snapshotState(long checkpointId) {
      // Partial accumulators go downstream at every bundle's end, and snapshots come between bundles.
      if (!partials.isEmpty()) {
        throw new IllegalStateException("A snapshot was asked for with partial combines still held");
      }
      return OperatorState.empty();
    }

    private void flush() {
      for (Map.Entry<WindowedKey, Partial> entry : partials.entrySet()) {
        WindowedKey key = entry.getKey();
        Partial partial = entry.getValue();
        receiver.output(
            output,
            WindowedValues.of(
                KV.of(partial.key, combineFn.compact(partial.accumulator)),
                partial.timestamp,
                key.window,
                PaneInfo.NO_FIRING));
      }
      partials.clear();
    }
  }

  private final class Partial {
    final K key;
    AccumT accumulator;
    Instant timestamp;

    Partial(K key, AccumT accumulator, Instant timestamp) {
      this.key = key;
      this.accumulator = accumulator;
      this.timestamp = timestamp;
    }
  }

  /** A key, by its structural value (equal exactly when the encodings are), in one window. */
  private static final class WindowedKey {
    final Object key;
    final BoundedWindow window;
    final int hash;

    WindowedKey(Object key, BoundedWindow window) {
      this.key = key;
      this.window = window;
      this.hash = 31 * Objects.hashCode(key) + window.hashCode();
    }

    @Override
    public boolean equals(Object o) {
      if (!(o instanceof WindowedKey)) {
        return false;
      }
      WindowedKey that = (WindowedKey) o;
      return hash == that.hash && Objects.equals(key, that.key) && window.equals(that.window);
    }

    @Override
    public int hashCode() {
      return hash;
    }
  }
}
