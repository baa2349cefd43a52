package io.solstice.translation.runtime.state;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.joda.time.Instant;

/** The watermark holds of an operator across all its keys, with their minimum at hand. */
final class WatermarkHolds {
  private final Map<HoldId, Instant> holds = new HashMap<>();
  private final TreeMap<Instant, Integer> counts = new TreeMap<>();

  void set(HoldId id, Instant hold) {
    Instant previous = hold == null ? holds.remove(id) : holds.put(id, hold);
    if (previous != null) {
      counts.computeIfPresent(previous, (t, n) -> n == 1 ? null : n - 1);
    }
    if (hold != null) {
      counts.merge(hold, 1, Integer::sum);
    }
  }

  Instant earliest() {
    return counts.isEmpty() ? BoundedWindow.TIMESTAMP_MAX_VALUE : counts.firstKey();
  }

  /** One watermark-hold state cell: a key, a namespace, a state tag. */
  static final class HoldId {
    private final KeyBytes key;
    private final String namespace;
    private final String tag;

    HoldId(KeyBytes key, String namespace, String tag) {
      this.key = key;
      this.namespace = namespace;
      this.tag = tag;
    }

    @Override
    public boolean equals(Object o) {
      if (!(o instanceof HoldId)) {
        return false;
      }
      HoldId that = (HoldId) o;
      return key.equals(that.key) && namespace.equals(that.namespace) && tag.equals(that.tag);
    }

    @Override
    public int hashCode() {
      return Objects.hash(key, namespace, tag);
    }
  }
}
