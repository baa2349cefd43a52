package io.solstice.translation.runtime.operators;

import io.solstice.translation.runtime.Operator;
import io.solstice.translation.runtime.OperatorContext;
import io.solstice.translation.runtime.OperatorState;
import io.solstice.translation.runtime.SnapshotNotReadyException;
import java.io.IOException;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.PaneInfo;
import org.apache.beam.sdk.transforms.windowing.TimestampCombiner;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.WindowedValue;
import org.apache.beam.sdk.values.WindowedValues;
import org.joda.time.Instant;

/**
 * What the batch GroupByKey operators share. There a bounded input's watermark only jumps from the
 * start to the end of time, so the default trigger fires exactly one on-time pane per key and
 * window once the input ends: values (or accumulators) are gathered per key and window as assigned
 * ({@link Gathering}: within the step's grouping memory, spilling sorted runs past it), and handed
 * to {@link #emitAll} at the end. Checkpoints hold what was gathered, one key group at a time, and
 * are skipped while part of it is on disk.
 */
abstract class BatchGroupingOperator<K, InputT, AccumT, OutputT> implements Operator {
  protected final TimestampCombiner timestampCombiner;
  private final GatheredGroups<K, InputT, AccumT, OutputT> gathered;
  private final TupleTag<KV<K, OutputT>> output;
  private final boolean keysTogether;
  private Gathering<K, InputT, AccumT, OutputT> groups;
  private OperatorContext context;

  /** @param keysTogether whether {@link #emitAll} needs a key's groups one after another */
  BatchGroupingOperator(
      TimestampCombiner timestampCombiner,
      GatheredGroups<K, InputT, AccumT, OutputT> gathered,
      TupleTag<KV<K, OutputT>> output,
      boolean keysTogether) {
    this.timestampCombiner = timestampCombiner;
    this.gathered = gathered;
    this.output = output;
    this.keysTogether = keysTogether;
  }

  @Override
  public void open(OperatorContext context) {
    this.context = context;
    this.groups = Gathering.of(gathered, timestampCombiner, context, keysTogether);
  }

  @Override
  @SuppressWarnings("unchecked")
  public void processElement(WindowedValue<?> element) throws IOException {
    KV<K, InputT> kv = (KV<K, InputT>) element.getValue();
    for (BoundedWindow window : element.getWindows()) {
      groups.add(kv.getKey(), window, timestampCombiner.assign(window, element.getTimestamp()), kv.getValue());
    }
  }

  @Override
  public void processWatermark(Instant watermark) throws Exception {
    if (!watermark.isBefore(BoundedWindow.TIMESTAMP_MAX_VALUE)) {
      emitAll(groups);
    }
  }

  /** The input has ended: emit every group, through {@link #output}, and drain {@code groups}. */
  protected abstract void emitAll(Gathering<K, InputT, AccumT, OutputT> groups) throws Exception;

  /** Emits a group as the one on-time pane of its key in {@code window}. */
  protected void output(BoundedWindow window, KeyWindowGroup<K, InputT, AccumT, OutputT> group) {
    context.output().output(
        output, WindowedValues.of(KV.of(group.key, group.result()), group.timestamp, window, PaneInfo.ON_TIME_AND_ONLY_FIRING));
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
