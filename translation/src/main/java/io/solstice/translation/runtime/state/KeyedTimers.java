package io.solstice.translation.runtime.state;

import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.beam.runners.core.StateNamespace;
import org.apache.beam.runners.core.TimerInternals;
import org.apache.beam.runners.core.TimerInternals.TimerData;
import org.apache.beam.sdk.state.TimeDomain;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.joda.time.Instant;

/**
 * The timers of a keyed operator on one worker: one queue per time domain across all keys, so that
 * due timers are found without scanning keys, and per-key views as Beam {@link TimerInternals}.
 * Pending event-time timers hold the output watermark at their output timestamps.
 */
public final class KeyedTimers {

  /** A timer of a key. */
  public static final class KeyedTimer {
    private final KeyBytes key;
    private final TimerData timer;
    private final long sequence;

    KeyedTimer(KeyBytes key, TimerData timer, long sequence) {
      this.key = key;
      this.timer = timer;
      this.sequence = sequence;
    }

    public KeyBytes key() {
      return key;
    }

    public TimerData timer() {
      return timer;
    }
  }

  private static final Comparator<KeyedTimer> ORDER =
      Comparator.<KeyedTimer, Instant>comparing(t -> t.timer.getTimestamp())
          .thenComparingLong(t -> t.sequence);

  private final Map<TimeDomain, NavigableSet<KeyedTimer>> queues = new EnumMap<>(TimeDomain.class);
  private final Map<KeyBytes, Map<TimerId, KeyedTimer>> byKey = new HashMap<>();
  private final TreeMap<Instant, Integer> outputHolds = new TreeMap<>();
  private long sequence;
  private Instant inputWatermark = BoundedWindow.TIMESTAMP_MIN_VALUE;
  private Instant outputWatermark = BoundedWindow.TIMESTAMP_MIN_VALUE;
  private Instant processingTime = BoundedWindow.TIMESTAMP_MIN_VALUE;

  public KeyedTimers() {
    for (TimeDomain domain : TimeDomain.values()) {
      queues.put(domain, new TreeSet<>(ORDER));
    }
  }

  public TimerInternals forKey(KeyBytes key) {
    return new KeyView(key);
  }

  public void advanceInputWatermark(Instant watermark) {
    if (watermark.isAfter(inputWatermark)) {
      inputWatermark = watermark;
    }
  }

  public void advanceOutputWatermark(Instant watermark) {
    if (watermark.isAfter(outputWatermark)) {
      outputWatermark = watermark;
    }
  }

  public void advanceProcessingTime(Instant now) {
    if (now.isAfter(processingTime)) {
      processingTime = now;
    }
  }

  public Instant inputWatermark() {
    return inputWatermark;
  }

  /** The earliest timer of {@code domain} due strictly before {@code time}, or null. */
  public KeyedTimer peekDue(TimeDomain domain, Instant time) {
    NavigableSet<KeyedTimer> queue = queues.get(domain);
    if (queue.isEmpty() || !queue.first().timer.getTimestamp().isBefore(time)) {
      return null;
    }
    return queue.first();
  }

  /** Removes and returns the earliest timer of {@code domain} due strictly before {@code time}. */
  public KeyedTimer pollDue(TimeDomain domain, Instant time) {
    KeyedTimer due = peekDue(domain, time);
    if (due != null) {
      remove(due);
    }
    return due;
  }

  /** The earliest output timestamp of a pending event-time timer, {@code TIMESTAMP_MAX_VALUE} if none. */
  public Instant earliestOutputHold() {
    return outputHolds.isEmpty() ? BoundedWindow.TIMESTAMP_MAX_VALUE : outputHolds.firstKey();
  }

  public boolean isEmpty() {
    return byKey.isEmpty();
  }

  /** What identifies a timer within its key: setting a timer replaces one of the same id. */
  private static final class TimerId {
    final StateNamespace namespace;
    final String timerId;
    final String family;

    TimerId(StateNamespace namespace, String timerId, String family) {
      this.namespace = namespace;
      this.timerId = timerId;
      this.family = family;
    }

    @Override
    public boolean equals(Object o) {
      if (!(o instanceof TimerId)) {
        return false;
      }
      TimerId that = (TimerId) o;
      return timerId.equals(that.timerId) && family.equals(that.family) && namespace.equals(that.namespace);
    }

    @Override
    public int hashCode() {
      return (31 * timerId.hashCode() + family.hashCode()) * 31 + namespace.hashCode();
    }
  }

  private static TimerId identity(StateNamespace namespace, String timerId, String family) {
    return new TimerId(namespace, timerId, family);
  }

  private void set(KeyBytes key, TimerData timer) {
    TimerId id = identity(timer.getNamespace(), timer.getTimerId(), timer.getTimerFamilyId());
    Map<TimerId, KeyedTimer> timers = byKey.computeIfAbsent(key, k -> new HashMap<>());
    KeyedTimer previous = timers.get(id);
    if (previous != null) {
      remove(previous);
      timers = byKey.computeIfAbsent(key, k -> new HashMap<>());
    }
    KeyedTimer entry = new KeyedTimer(key, timer, sequence++);
    timers.put(id, entry);
    queues.get(timer.getDomain()).add(entry);
    if (timer.getDomain() == TimeDomain.EVENT_TIME) {
      outputHolds.merge(timer.getOutputTimestamp(), 1, Integer::sum);
    }
  }

  private void delete(KeyBytes key, StateNamespace namespace, String timerId, String family) {
    Map<TimerId, KeyedTimer> timers = byKey.get(key);
    KeyedTimer existing = timers == null ? null : timers.get(identity(namespace, timerId, family));
    if (existing != null) {
      remove(existing);
    }
  }

  private void remove(KeyedTimer entry) {
    TimerData timer = entry.timer;
    queues.get(timer.getDomain()).remove(entry);
    Map<TimerId, KeyedTimer> timers = byKey.get(entry.key);
    if (timers != null) {
      timers.remove(identity(timer.getNamespace(), timer.getTimerId(), timer.getTimerFamilyId()));
      if (timers.isEmpty()) {
        byKey.remove(entry.key);
      }
    }
    if (timer.getDomain() == TimeDomain.EVENT_TIME) {
      outputHolds.computeIfPresent(timer.getOutputTimestamp(), (t, n) -> n == 1 ? null : n - 1);
    }
  }

  /** The timers of one key, as runners-core expects them. */
  private final class KeyView implements TimerInternals {
    private final KeyBytes key;

    KeyView(KeyBytes key) {
      this.key = key;
    }

    @Override
    public void setTimer(
        StateNamespace namespace,
        String timerId,
        String timerFamilyId,
        Instant target,
        Instant outputTimestamp,
        TimeDomain timeDomain) {
      set(key, TimerData.of(timerId, timerFamilyId, namespace, target, outputTimestamp, timeDomain));
    }

    @Override
    public void setTimer(TimerData timerData) {
      set(key, timerData);
    }

    @Override
    public void deleteTimer(
        StateNamespace namespace, String timerId, String timerFamilyId, TimeDomain timeDomain) {
      delete(key, namespace, timerId, timerFamilyId);
    }

    @Override
    public void deleteTimer(StateNamespace namespace, String timerId, String timerFamilyId) {
      delete(key, namespace, timerId, timerFamilyId);
    }

    @Override
    public void deleteTimer(TimerData timer) {
      delete(key, timer.getNamespace(), timer.getTimerId(), timer.getTimerFamilyId());
    }

    @Override
    public Instant currentProcessingTime() {
      return processingTime;
    }

    @Override
    public Instant currentSynchronizedProcessingTime() {
      return processingTime;
    }

    @Override
    public Instant currentInputWatermarkTime() {
      return inputWatermark;
    }

    @Override
    public Instant currentOutputWatermarkTime() {
      return outputWatermark;
    }
  }
}
