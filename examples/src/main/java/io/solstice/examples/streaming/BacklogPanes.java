package io.solstice.examples.streaming;

import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The on-time panes of a backlog run as they come from the output topic: each window's events
 * counted once per key, even when a job that restarted from a checkpoint writes a pane again, and
 * when each window was complete (the first on-time pane of its last key).
 */
public final class BacklogPanes {
  /** Window start to key to the first on-time pane's count and write time. */
  private final Map<Long, Map<String, long[]>> windows = new HashMap<>();
  private long counted;
  private long panes;

  /** Takes a pane; only on-time panes count, each (window, key) once. */
  public void add(KafkaTopics.TimedPane timed) {
    WindowPane pane = timed.pane();
    panes++;
    if (!pane.timing().equals("ON_TIME")) {
      return;
    }
    Map<String, long[]> keys = windows.computeIfAbsent(pane.windowStartMillis(), w -> new HashMap<>());
    if (keys.putIfAbsent(pane.key(), new long[] {pane.count(), timed.writtenMillis()}) == null) {
      counted += pane.count();
    }
  }

  /** Events counted so far (a complete run counts the whole backlog). */
  public long counted() {
    return counted;
  }

  /** Every pane read, early and late ones and repeats included. */
  public long panes() {
    return panes;
  }

  /** When each window was complete: the newest first write of its keys' on-time panes. */
  public Map<Long, Long> closedAt() {
    Map<Long, Long> closed = new HashMap<>();
    windows.forEach(
        (window, keys) -> closed.put(window, keys.values().stream().mapToLong(pane -> pane[1]).max().orElseThrow()));
    return closed;
  }

  /** Events in the window (start) counted once per key. */
  public long countOf(long windowStart) {
    return windows.getOrDefault(windowStart, Map.of()).values().stream().mapToLong(pane -> pane[0]).sum();
  }

  /**
   * When the first window none of whose on-time panes was out at {@code millis} became complete: a
   * job that failed then finishes windows that were firing as it failed, so those do not count.
   */
  public OptionalLong firstWholeWindowAfter(long millis) {
    return windows.values().stream()
        .filter(keys -> keys.values().stream().allMatch(pane -> pane[1] > millis))
        .mapToLong(keys -> keys.values().stream().mapToLong(pane -> pane[1]).max().orElseThrow())
        .min();
  }
}
