package io.solstice.translation.runtime.state;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.ToIntFunction;
import org.apache.beam.runners.core.StateInternals;
import org.joda.time.Instant;

/**
 * Keyed state of one operator on one worker, kept per key group: the unit in which a keyed stage
 * snapshots its state and can hand it from one worker to another. Each key's state uses
 * runners-core's in-memory state cells; every change to a watermark hold is tracked, so the
 * earliest hold is known without scanning keys.
 */
public final class KeyedStateBackend {
  private final ToIntFunction<byte[]> keyGroupOf;
  private final Map<Integer, Map<KeyBytes, TrackedStateInternals>> keyGroups = new HashMap<>();
  private final WatermarkHolds holds = new WatermarkHolds();

  /** @param keyGroupOf the key group of a key, from its nested encoding */
  public KeyedStateBackend(ToIntFunction<byte[]> keyGroupOf) {
    this.keyGroupOf = keyGroupOf;
  }

  public StateInternals forKey(KeyBytes key) {
    return keyGroups
        .computeIfAbsent(keyGroupOf(key), group -> new HashMap<>())
        .computeIfAbsent(key, k -> new TrackedStateInternals(new SnapshotStateInternals<>(k.key()), k, holds));
  }

  int keyGroupOf(KeyBytes key) {
    return keyGroupOf.applyAsInt(key.bytes());
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

  /** The key groups that have had state on this worker. */
  Set<Integer> keyGroups() {
    return new TreeSet<>(keyGroups.keySet());
  }

  /** The keys of {@code keyGroup} that have had state. */
  Set<KeyBytes> keys(int keyGroup) {
    Map<KeyBytes, TrackedStateInternals> keys = keyGroups.get(keyGroup);
    return keys == null ? Set.of() : keys.keySet();
  }

  /** The cells of {@code key} that hold something. */
  List<SnapshotStateInternals.Cell> cells(KeyBytes key) {
    TrackedStateInternals state = keyGroups.getOrDefault(keyGroupOf(key), Map.of()).get(key);
    return state == null ? List.of() : state.cells();
  }
}
