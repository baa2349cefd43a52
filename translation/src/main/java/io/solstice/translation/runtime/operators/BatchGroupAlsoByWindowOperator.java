package io.solstice.translation.runtime.operators;

import org.apache.beam.sdk.transforms.windowing.PaneInfo;
import org.apache.beam.sdk.transforms.windowing.TimestampCombiner;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.TupleTag;

/**
 * GroupByKey's second half for bounded input, non-merging windows and the default trigger: each key
 * and window gathered ({@link ValueGathering} as encoded records, {@link AccumulatorGathering} in a
 * hash map; both spill sorted runs to disk past the step's grouping memory) is emitted once the input
 * ends, without ReduceFnRunner's per-key state and timers. The output matches ReduceFnRunner's: same
 * values, timestamps per the timestamp combiner, and pane {@link PaneInfo#ON_TIME_AND_ONLY_FIRING}.
 */
final class BatchGroupAlsoByWindowOperator<K, InputT, AccumT, OutputT> extends BatchGroupingOperator<K, InputT, AccumT, OutputT> {
  BatchGroupAlsoByWindowOperator(
      TimestampCombiner timestampCombiner,
      GatheredGroups<K, InputT, AccumT, OutputT> gathered,
      TupleTag<KV<K, OutputT>> output) {
    super(timestampCombiner, gathered, output, false);
  }

  @Override
  protected void emitAll(Gathering<K, InputT, AccumT, OutputT> groups) throws Exception {
    groups.drain(this::output);
  }
}
