package io.solstice.translation.runtime.operators;

import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.transforms.Combine.CombineFn;
import org.joda.time.Instant;

/**
 * What one key in one window has gathered in a batch group-by: its values (or their accumulator)
 * and the output timestamp so far.
 */
final class KeyWindowGroup<K, InputT, AccumT, OutputT> {
  final K key;
  Instant timestamp;
  private final CombineFn<InputT, AccumT, OutputT> combineFn;
  private List<InputT> values;
  private AccumT accumulator;

  /** @param combineFn combines the values, or null to gather them into a list */
  KeyWindowGroup(K key, Instant timestamp, CombineFn<InputT, AccumT, OutputT> combineFn) {
    this.key = key;
    this.timestamp = timestamp;
    this.combineFn = combineFn;
    if (combineFn == null) {
      values = new ArrayList<>();
    } else {
      accumulator = combineFn.createAccumulator();
    }
  }

  void add(InputT value) {
    if (combineFn == null) {
      values.add(value);
    } else {
      accumulator = combineFn.addInput(accumulator, value);
    }
  }

  /** Takes in the contents of another group of the same key (windows being merged). */
  void absorb(KeyWindowGroup<K, InputT, AccumT, OutputT> other) {
    if (combineFn == null) {
      values.addAll(other.values);
    } else {
      accumulator = combineFn.mergeAccumulators(List.of(accumulator, other.accumulator));
    }
  }

  /** Merges another accumulator of this key and window into this group's. */
  void mergeAccumulator(AccumT other) {
    accumulator = combineFn.mergeAccumulators(List.of(accumulator, other));
  }

  /** The values gathered (when there is no combine function). */
  List<InputT> values() {
    return values;
  }

  /** The accumulator (when there is a combine function). */
  AccumT accumulator() {
    return accumulator;
  }

  /** Sets the accumulator, as a checkpoint had it. */
  void restoreAccumulator(AccumT restored) {
    accumulator = restored;
  }

  @SuppressWarnings("unchecked")
  OutputT result() {
    return combineFn == null ? (OutputT) values : combineFn.extractOutput(accumulator);
  }
}
