package io.solstice.runner.conformance;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.io.UnboundedSource;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.joda.time.Instant;

/**
 * An unbounded source that delivers every number twice under the same record id and asks to be
 * deduplicated, as sources with at-least-once delivery do. Not splittable.
 */
final class DuplicatingSource extends UnboundedSource<Long, UnboundedSource.CheckpointMark> {
  @Override
  public List<DuplicatingSource> split(int desiredNumSplits, PipelineOptions options) {
    return List.of(this);
  }

  @Override
  public UnboundedReader<Long> createReader(PipelineOptions options, CheckpointMark checkpoint) {
    return new Reader(this);
  }

  @Override
  public Coder<CheckpointMark> getCheckpointMarkCoder() {
    return null;
  }

  @Override
  public boolean requiresDeduping() {
    return true;
  }

  @Override
  public Coder<Long> getOutputCoder() {
    return VarLongCoder.of();
  }

  private static final class Reader extends UnboundedReader<Long> {
    private final DuplicatingSource source;
    private long position = -1;

    Reader(DuplicatingSource source) {
      this.source = source;
    }

    @Override
    public boolean start() {
      return advance();
    }

    @Override
    public boolean advance() {
      position++;
      return true;
    }

    @Override
    public Long getCurrent() {
      if (position < 0) {
        throw new NoSuchElementException();
      }
      return position / 2;
    }

    @Override
    public byte[] getCurrentRecordId() {
      return ByteBuffer.allocate(Long.BYTES).putLong(getCurrent()).array();
    }

    @Override
    public Instant getCurrentTimestamp() {
      return new Instant(getCurrent());
    }

    @Override
    public void close() throws IOException {}

    @Override
    public Instant getWatermark() {
      return BoundedWindow.TIMESTAMP_MIN_VALUE;
    }

    @Override
    public CheckpointMark getCheckpointMark() {
      return CheckpointMark.NOOP_CHECKPOINT_MARK;
    }

    @Override
    public UnboundedSource<Long, ?> getCurrentSource() {
      return source;
    }
  }
}
