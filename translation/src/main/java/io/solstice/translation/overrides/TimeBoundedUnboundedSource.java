package io.solstice.translation.overrides;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.io.BoundedSource;
import org.apache.beam.sdk.io.UnboundedSource;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.values.ValueWithRecordId;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Duration;

/**
 * A bounded read of an {@link UnboundedSource}: at most so many records, or for so long, from each
 * split. The source is split to the stage's parallelism (as the Flink runner splits unbounded
 * sources), not into Beam's up to 100 shards, which a few workers would read one after another,
 * each for the whole time bound.
 */
final class TimeBoundedUnboundedSource<T> extends BoundedSource<ValueWithRecordId<T>> {
  /** As Beam's own expansion: roughly a split per 10,000 records when only records are bounded. */
  private static final long RECORDS_PER_SPLIT = 10_000;

  private final UnboundedSource<T, ?> source;
  private final long maxNumRecords;
  private final @Nullable Duration maxReadTime;
  private final int desiredSplits;
  private final boolean isSplit;

  TimeBoundedUnboundedSource(
      UnboundedSource<T, ?> source, long maxNumRecords, @Nullable Duration maxReadTime, int desiredSplits) {
    this(source, maxNumRecords, maxReadTime, desiredSplits, false);
  }

  private TimeBoundedUnboundedSource(
      UnboundedSource<T, ?> source,
      long maxNumRecords,
      @Nullable Duration maxReadTime,
      int desiredSplits,
      boolean isSplit) {
    this.source = source;
    this.maxNumRecords = maxNumRecords;
    this.maxReadTime = maxReadTime;
    this.desiredSplits = desiredSplits;
    this.isSplit = isSplit;
  }

  @Override
  public List<? extends BoundedSource<ValueWithRecordId<T>>> split(
      long desiredBundleSizeBytes, PipelineOptions options) throws Exception {
    if (isSplit) {
      return List.of(this);
    }
    int splits = (int) Math.max(1, Math.min(desiredSplits, maxNumRecords / RECORDS_PER_SPLIT + 1));
    List<? extends UnboundedSource<T, ?>> parts = source.split(splits, options);
    List<TimeBoundedUnboundedSource<T>> result = new ArrayList<>();
    for (int i = 0; i < parts.size(); i++) {
      // The record bound is shared out, the first splits taking the remainder.
      long records = maxNumRecords / parts.size() + (i < maxNumRecords % parts.size() ? 1 : 0);
      result.add(new TimeBoundedUnboundedSource<>(parts.get(i), records, maxReadTime, desiredSplits, true));
    }
    return result;
  }

  @Override
  public long getEstimatedSizeBytes(PipelineOptions options) {
    // Unknowable before reading; splitting ignores sizes.
    return 0;
  }

  @Override
  public BoundedReader<ValueWithRecordId<T>> createReader(PipelineOptions options) throws IOException {
    return new TimeBoundedUnboundedReader<>(this, source.createReader(options, null), maxNumRecords, maxReadTime);
  }

  @Override
  public Coder<ValueWithRecordId<T>> getOutputCoder() {
    return ValueWithRecordId.ValueWithRecordIdCoder.of(source.getOutputCoder());
  }

  /** Whether the source may repeat records, which are then deduplicated by record id. */
  boolean requiresDeduping() {
    return source.requiresDeduping();
  }

  Coder<T> unboundedOutputCoder() {
    return source.getOutputCoder();
  }

  @Override
  public void validate() {
    source.validate();
  }
}
