package io.solstice.translation.runtime.state;

import java.util.HashMap;
import java.util.Map;
import java.util.function.ToIntFunction;
import org.apache.beam.runners.core.InMemoryStateInternals;
import org.apache.beam.runners.core.StateInternals;
import org.joda.time.Instant;

/**
 * Keyed state of one operator on one worker, kept per key group: the unit in which a keyed stage
 * can hand state from one worker to another. Each key's state uses runners-core's in-memory state
 * cells; every change to a watermark hold is tracked, so the earliest hold is known without
 * scanning keys.
 */
public final class KeyedStateBackend {
  private final ToIntFunction<byte[]> keyGroupOf;
  private final Map<Integer, Map<KeyBytes, StateInternals>> keyGroups = new HashMap<>();
  private final WatermarkHolds holds = new WatermarkHolds();

  /** @param keyGroupOf the key group of a key, from its nested encoding */
  public KeyedStateBackend(ToIntFunction<byte[]> keyGroupOf) {
    this.keyGroupOf = keyGroupOf;
  }

  public StateInternals forKey(KeyBytes key) {
    return keyGroups
        .computeIfAbsent(keyGroupOf.applyAsInt(key.bytes()), group -> new HashMap<>())
        .computeIfAbsent(key, k -> new TrackedStateInternals(InMemoryStateInternals.forKey(k.key()), k, holds));
  }

  /** The earliest watermark hold set by any key, {@code TIMESTAMP_MAX_VALUE} if none. */
  public Instant earliestHold() {
    return holds.earliest();
  }

  /** Key groups holding state on this worker. */
  public int keyGroupCount() {
    return keyGroups.size();
  }

  public int keyCount() {
    return keyGroups.values().stream().mapToInt(Map::size).sum();
  }
}
