package io.solstice.translation.runtime.state;

import java.util.HashMap;
import java.util.Map;
import org.apache.beam.runners.core.InMemoryStateInternals;
import org.apache.beam.runners.core.StateInternals;
import org.joda.time.Instant;

/** Keyed state of one operator on one worker, in memory, with its earliest watermark hold. */
public final class KeyedStateBackend {
  private final Map<KeyBytes, StateInternals> states = new HashMap<>();
  private final WatermarkHolds holds = new WatermarkHolds();

  public StateInternals forKey(KeyBytes key) {
    return states.computeIfAbsent(
        key, k -> new TrackedStateInternals(InMemoryStateInternals.forKey(k.key()), k, holds));
  }

  /** The earliest watermark hold set by any key, {@code TIMESTAMP_MAX_VALUE} if none. */
  public Instant earliestHold() {
    return holds.earliest();
  }

  public int keyCount() {
    return states.size();
  }
}
