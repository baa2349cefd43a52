package io.solstice.runner.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.io.BoundedSource;
import org.apache.beam.sdk.options.PipelineOptions;
import org.joda.time.Instant;

/**
 * The numbers 0 .. shards * perShard - 1 as a bounded source that always splits into {@code
 * shards} shards of consecutive numbers, each taking at least {@code millisPerShard} to read, so a
 * batch job spends long enough reading for checkpoints to be taken between shards. Each number's
 * timestamp is the number in milliseconds.
 */
public final class SlowShardedNumbers extends BoundedSource<Long> {
  private static final long serialVersionUID = 1L;

  private final int shards;
  private final long first;
  private final long perShard;
  private final long millisPerShard;

  public SlowShardedNumbers(int shards, long perShard, long millisPerShard) {
    this(shards, 0, perShard, millisPerShard);
  }

  private SlowShardedNumbers(int shards, long first, long perShard, long millisPerShard) {
    this.shards = shards;
    this.first = first;
    this.perShard = perShard;
    this.millisPerShard = millisPerShard;
  }

  @Override
  public List<? extends BoundedSource<Long>> split(long desiredBundleSizeBytes, PipelineOptions options) {
    List<SlowShardedNumbers> split = new ArrayList<>();
    for (int shard = 0; shard < shards; shard++) {
      split.add(new SlowShardedNumbers(1, first + shard * perShard, perShard, millisPerShard));
    }
    return split;
  }

  @Override
  public long getEstimatedSizeBytes(PipelineOptions options) {
    return shards * perShard * 8;
  }

  @Override
  public BoundedReader<Long> createReader(PipelineOptions options) {
    return new Reader(this);
  }

  @Override
  public Coder<Long> getOutputCoder() {
    return VarLongCoder.of();
  }

  private static final class Reader extends BoundedReader<Long> {
    private final SlowShardedNumbers source;
    private final long end;
    private long current;

    Reader(SlowShardedNumbers source) {
      this.source = source;
      this.end = source.first + source.shards * source.perShard;
      this.current = source.first - 1;
    }

    @Override
    public boolean start() throws java.io.IOException {
      try {
        Thread.sleep(source.millisPerShard * source.shards);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new java.io.InterruptedIOException("interrupted while reading " + source.first);
      }
      return advance();
    }

    @Override
    public boolean advance() {
      current++;
      return current < end;
    }

    @Override
    public Long getCurrent() {
      if (current < source.first || current >= end) {
        throw new NoSuchElementException();
      }
      return current;
    }

    @Override
    public Instant getCurrentTimestamp() {
      return new Instant(getCurrent());
    }

    @Override
    public void close() {}

    @Override
    public BoundedSource<Long> getCurrentSource() {
      return source;
    }
  }
}
