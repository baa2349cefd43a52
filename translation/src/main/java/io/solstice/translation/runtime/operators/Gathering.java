package io.solstice.translation.runtime.operators;

import io.solstice.translation.runtime.OperatorContext;
import java.io.IOException;
import java.util.List;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.TimestampCombiner;
import org.joda.time.Instant;

/**
 * What a batch group-by has gathered (values, or an accumulator, per key and window) within the
 * step's grouping memory, spilling sorted runs to disk past it, until the input ends.
 */
interface Gathering<K, InputT, AccumT, OutputT> extends AutoCloseable {
  /**
   * Values gathered as records ({@link ValueGathering}), or accumulators in a hash map ({@link
   * AccumulatorGathering}) when {@code format} combines.
   */
  static <K, InputT, AccumT, OutputT> Gathering<K, InputT, AccumT, OutputT> of(
      GatheredGroups<K, InputT, AccumT, OutputT> format,
      TimestampCombiner timestampCombiner,
      OperatorContext context,
      boolean keysTogether) {
    String name = context.stepName() + " (worker " + context.workerIndex() + ")";
    return format.combines()
        ? new AccumulatorGathering<>(format, timestampCombiner, context.groupingMemory(), name, keysTogether)
        : new ValueGathering<>(format, timestampCombiner, context.groupingMemory(), name);
  }

  /** Takes each gathered group once the input has ended. */
  interface Sink<K, InputT, AccumT, OutputT> {
    void accept(BoundedWindow window, KeyWindowGroup<K, InputT, AccumT, OutputT> group) throws Exception;
  }

  /** Adds {@code value} to the group of {@code key} in {@code window}, whose timestamp is {@code timestamp}. */
  void add(K key, BoundedWindow window, Instant timestamp, InputT value) throws IOException;

  /** Puts back a group a checkpoint held, before any input. */
  void restore(BoundedWindow window, KeyWindowGroup<K, InputT, AccumT, OutputT> group) throws IOException;

  /** Whether part of it is on disk: then it cannot be snapshotted. */
  boolean spilled();

  /** Bytes spilled so far, including runs since removed. */
  long spilledBytes();

  /** What has spilled, for a user. */
  String spillSummary();

  /** The groups held in memory (all of them unless {@link #spilled}). */
  List<GatheredGroups.Entry<K, InputT, AccumT, OutputT>> inMemory() throws IOException;

  /**
   * Hands every group to {@code sink}, each key and window once, and forgets them; when made with
   * {@code keysTogether}, a key's groups come one after another.
   */
  void drain(Sink<K, InputT, AccumT, OutputT> sink) throws Exception;

  /** Forgets everything and removes any spill file. */
  @Override
  void close();
}
