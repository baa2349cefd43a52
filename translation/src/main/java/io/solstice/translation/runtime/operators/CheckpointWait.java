package io.solstice.translation.runtime.operators;

import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * Keeps a worker whose input has ended until a checkpoint covers what waits for one (input that
 * must become stable, writes to commit, finalization callbacks): its operator holds the watermark
 * just short of the end, so the worker does not end, and asks for the clock again soon, so the
 * worker keeps polling and hears when the checkpoint completes.
 */
final class CheckpointWait {
  /** The output watermark hold that keeps the worker. */
  static final Instant HOLD = BoundedWindow.TIMESTAMP_MAX_VALUE.minus(Duration.millis(1));

  private static final Duration POLL = Duration.millis(100);

  private CheckpointWait() {}

  /** When the operator next needs the clock while it waits. */
  static Instant nextPoll() {
    return Instant.now().plus(POLL);
  }
}
