package io.solstice.translation.runtime.operators;

import io.solstice.translation.runtime.Operator;
import io.solstice.translation.runtime.OperatorSpec;
import org.apache.beam.runners.core.SystemReduceFn;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.transforms.Combine.CombineFn;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.DefaultTrigger;
import org.apache.beam.sdk.transforms.windowing.WindowFn;
import org.apache.beam.sdk.util.AppliedCombineFn;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.WindowingStrategy;

/**
 * Groups (or combines) the values of each key and window, firing panes as the windowing strategy's
 * trigger says. Without a combine function the output value is the {@code Iterable} of the values.
 */
public final class GroupAlsoByWindowSpec<K, InputT, OutputT> implements OperatorSpec {
  private static final long serialVersionUID = 1L;

  final Coder<K> keyCoder;
  final Coder<InputT> valueCoder;
  final WindowingStrategy<?, ?> windowing;
  final AppliedCombineFn<K, InputT, ?, OutputT> combineFn;
  final TupleTag<KV<K, OutputT>> output;
  private final boolean boundedInput;

  private GroupAlsoByWindowSpec(
      Coder<K> keyCoder,
      Coder<InputT> valueCoder,
      WindowingStrategy<?, ?> windowing,
      AppliedCombineFn<K, InputT, ?, OutputT> combineFn,
      TupleTag<KV<K, OutputT>> output,
      boolean boundedInput) {
    this.keyCoder = keyCoder;
    this.valueCoder = valueCoder;
    this.windowing = windowing;
    this.combineFn = combineFn;
    this.output = output;
    this.boundedInput = boundedInput;
  }

  /** Buffers every value of a key and window into an {@code Iterable}. */
  public static <K, V> GroupAlsoByWindowSpec<K, V, Iterable<V>> grouping(
      Coder<K> keyCoder,
      Coder<V> valueCoder,
      WindowingStrategy<?, ?> windowing,
      TupleTag<KV<K, Iterable<V>>> output,
      boolean boundedInput) {
    return new GroupAlsoByWindowSpec<>(keyCoder, valueCoder, windowing, null, output, boundedInput);
  }

  /** Combines the values of a key and window as they arrive. */
  public static <K, InputT, OutputT> GroupAlsoByWindowSpec<K, InputT, OutputT> combining(
      Coder<K> keyCoder,
      Coder<InputT> valueCoder,
      WindowingStrategy<?, ?> windowing,
      AppliedCombineFn<K, InputT, ?, OutputT> combineFn,
      TupleTag<KV<K, OutputT>> output,
      boolean boundedInput) {
    return new GroupAlsoByWindowSpec<>(keyCoder, valueCoder, windowing, combineFn, output, boundedInput);
  }

  @SuppressWarnings("unchecked")
  <W extends BoundedWindow> SystemReduceFn<K, InputT, ?, OutputT, W> reduceFn() {
    if (combineFn == null) {
      return (SystemReduceFn<K, InputT, ?, OutputT, W>) (SystemReduceFn<K, InputT, ?, ?, W>) SystemReduceFn.buffering(valueCoder);
    }
    return SystemReduceFn.combining(keyCoder, combineFn);
  }

  /**
   * Whether the one-pane batch path gives the same result as ReduceFnRunner: a bounded input
   * (its watermark jumps from start to end), the default trigger, and a combine function without
   * context.
   */
  boolean batchEligible() {
    return boundedInput
        && DefaultTrigger.of().equals(windowing.getTrigger())
        && (combineFn == null || combineFn.getFn() instanceof CombineFn);
  }

  @Override
  @SuppressWarnings({"unchecked", "rawtypes"})
  public Operator create() {
    if (batchEligible() && windowing.needsMerge()) {
      return new BatchMergingGroupAlsoByWindowOperator<>(
          keyCoder, (WindowFn) windowing.getWindowFn(), windowing.getTimestampCombiner(), gatheredGroups(), (TupleTag) output);
    }
    if (batchEligible()) {
      return new BatchGroupAlsoByWindowOperator<>(windowing.getTimestampCombiner(), gatheredGroups(), (TupleTag) output);
    }
    return new GroupAlsoByWindowOperator<>(this);
  }

  /** How a batch operator's gathered groups are written at a checkpoint. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  private GatheredGroups<K, InputT, ?, OutputT> gatheredGroups() {
    Coder<BoundedWindow> windowCoder = (Coder<BoundedWindow>) windowing.getWindowFn().windowCoder();
    if (combineFn == null) {
      return new GatheredGroups<>(keyCoder, windowCoder, valueCoder, null, null);
    }
    return new GatheredGroups<>(
        keyCoder, windowCoder, valueCoder, (Coder) combineFn.getAccumulatorCoder(), (CombineFn) combineFn.getFn());
  }
}
