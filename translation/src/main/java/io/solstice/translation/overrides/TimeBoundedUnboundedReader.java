package io.solstice.translation.overrides;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.NoSuchElementException;
import org.apache.beam.sdk.io.BoundedSource;
import org.apache.beam.sdk.io.UnboundedSource;
import org.apache.beam.sdk.values.ValueWithRecordId;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * Reads one split of an unbounded source until its record bound or its deadline, whichever comes
 * first. The deadline is checked before every record, so a source that always has data stops on
 * time too (Beam's own ReadFn looks at the clock only while the source has nothing to give). When
 * the source has nothing, the reader polls it with a growing pause, never past the deadline.
 */
final class TimeBoundedUnboundedReader<T> extends BoundedSource.BoundedReader<ValueWithRecordId<T>> {
  private static final long FIRST_PAUSE_MILLIS = 10;
  private static final long LONGEST_PAUSE_MILLIS = 1_000;

  private final TimeBoundedUnboundedSource<T> source;
  private final UnboundedSource.UnboundedReader<T> reader;
  private final long maxRecords;
  private final @Nullable Duration maxReadTime;
  private @Nullable Instant deadline;
  private long read;
  private boolean current;
  private boolean finished;

  TimeBoundedUnboundedReader(
      TimeBoundedUnboundedSource<T> source,
      UnboundedSource.UnboundedReader<T> reader,
      long maxRecords,
      @Nullable Duration maxReadTime) {
    this.source = source;
    this.reader = reader;
    this.maxRecords = maxRecords;
    this.maxReadTime = maxReadTime;
  }

  @Override
  public boolean start() throws IOException {
    // The time bound counts from when this split starts to read, as on Beam's ReadFn.
    deadline = maxReadTime == null ? null : Instant.now().plus(maxReadTime);
    if (!withinBounds()) {
      return finish();
    }
    return next(reader.start());
  }

  @Override
  public boolean advance() throws IOException {
    if (finished || !withinBounds()) {
      return finish();
    }
    return next(reader.advance());
  }

  private boolean withinBounds() {
    return read < maxRecords && (deadline == null || Instant.now().isBefore(deadline));
  }

  private boolean next(boolean available) throws IOException {
    if (!available && !awaitData()) {
      return finish();
    }
    read++;
    current = true;
    return true;
  }

  /** Polls the source until it has a record (true) or the deadline passes (false). */
  private boolean awaitData() throws IOException {
    long pause = FIRST_PAUSE_MILLIS;
    while (true) {
      long left = deadline == null ? Long.MAX_VALUE : deadline.getMillis() - Instant.now().getMillis();
      if (left <= 0) {
        return false;
      }
      try {
        Thread.sleep(Math.min(pause, left));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("Interrupted while waiting for data from " + reader.getCurrentSource());
      }
      if (reader.advance()) {
        return true;
      }
      pause = Math.min(LONGEST_PAUSE_MILLIS, pause * 2);
    }
  }

  /** Ends the read: what was read is acknowledged to the source, as Beam's ReadFn does. */
  private boolean finish() throws IOException {
    if (!finished) {
      finished = true;
      current = false;
      reader.getCheckpointMark().finalizeCheckpoint();
    }
    return false;
  }

  @Override
  public ValueWithRecordId<T> getCurrent() throws NoSuchElementException {
    if (!current) {
      throw new NoSuchElementException();
    }
    return new ValueWithRecordId<>(reader.getCurrent(), reader.getCurrentRecordId());
  }

  @Override
  public Instant getCurrentTimestamp() throws NoSuchElementException {
    if (!current) {
      throw new NoSuchElementException();
    }
    return reader.getCurrentTimestamp();
  }

  @Override
  public void close() throws IOException {
    reader.close();
  }

  @Override
  public BoundedSource<ValueWithRecordId<T>> getCurrentSource() {
    return source;
  }
}
