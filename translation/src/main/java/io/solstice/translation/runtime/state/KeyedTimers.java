package io.solstice.translation.runtime.state;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.apache.beam.runners.core.StateNamespace;
import org.apache.beam.runners.core.TimerInternals;
import org.apache.beam.runners.core.TimerInternals.TimerData;
import org.apache.beam.sdk.state.TimeDomain;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * The timers of a keyed operator on one worker: one queue per time domain across all keys, so that
 * due timers are found without scanning keys, and per-key views as Beam {@link TimerInternals}.
 * Pending timers hold the output watermark at their output timestamps, unless the operator says a
 * timer holds nothing (a state garbage-collection timer, say).
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
  private final Predicate<TimerData> holdsWatermark;
  private long sequence;
  private Instant inputWatermark = BoundedWindow.TIMESTAMP_MIN_VALUE;
  private Instant outputWatermark = BoundedWindow.TIMESTAMP_MIN_VALUE;
  private Instant processingTime = BoundedWindow.TIMESTAMP_MIN_VALUE;
  private Instant synchronizedProcessingTime = BoundedWindow.TIMESTAMP_MIN_VALUE;

  /** @param holdsWatermark which pending timers hold the output watermark at their output timestamp */
  public KeyedTimers(Predicate<TimerData> holdsWatermark) {
    this.holdsWatermark = holdsWatermark;
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

  public void advanceSynchronizedProcessingTime(Instant time) {
    if (time.isAfter(synchronizedProcessingTime)) {
      synchronizedProcessingTime = time;
    }
  }

  public Instant inputWatermark() {
    return inputWatermark;
  }

  /** The timestamp of the earliest pending timer of {@code domain}, or null if none. */
  public Instant earliest(TimeDomain domain) {
    NavigableSet<KeyedTimer> queue = queues.get(domain);
    return queue.isEmpty() ? null : queue.first().timer.getTimestamp();
  }

  /**
   * Moves the clock to just past the earliest pending processing-time timer and fires the timers
   * due then: one round of running out the clock once a bounded input has ended, when waiting for
   * real time would only delay the end.
   */
  public void fastForwardProcessingTime(Consumer<KeyedTimer> fire) {
    fastForwardProcessingTime(fire, () -> true);
  }

  private void fastForwardProcessingTime(Consumer<KeyedTimer> fire, BooleanSupplier more) {
    Instant next = earliest(TimeDomain.PROCESSING_TIME);
    if (next == null) {
      return;
    }
    advanceProcessingTime(next.plus(Duration.millis(1)));
    advanceSynchronizedProcessingTime(processingTime);
    fireDue(processingTime, fire, more);
  }

  /** Fires the due processing-time timers, the first always, each next one while {@code more}. */
  private void fireDue(Instant time, Consumer<KeyedTimer> fire, BooleanSupplier more) {
    KeyedTimer due;
    boolean first = true;
    while ((first || more.getAsBoolean()) && (due = pollDue(TimeDomain.PROCESSING_TIME, time)) != null) {
      fire.accept(due);
      first = false;
    }
  }

  /**
   * When an operator using these timers next needs the clock: as soon as possible once its input
   * has ended and processing-time timers remain, else at the earliest of them.
   */
  public Instant nextProcessingTime(boolean inputEnded) {
    Instant next = earliest(TimeDomain.PROCESSING_TIME);
    if (next == null) {
      return BoundedWindow.TIMESTAMP_MAX_VALUE;
    }
    return inputEnded ? BoundedWindow.TIMESTAMP_MIN_VALUE : dueAt(next);
  }

  /**
   * Fires the processing-time timers due now, or one fast-forward round once the input ended. The
   * operators that use this and the fast-forward (stateful and splittable DoFns) keep no
   * synchronized processing time of their own: for their DoFns it reads as the clock.
   */
  public void processProcessingTime(Instant now, boolean inputEnded, Consumer<KeyedTimer> fire) {
    processProcessingTime(now, inputEnded, fire, () -> true);
  }

  /**
   * The same, but once a timer has fired, the next due one fires only while {@code more} says so;
   * the rest stay due, for the next call (in a fast-forward round too: the round then spans calls).
   */
  public void processProcessingTime(Instant now, boolean inputEnded, Consumer<KeyedTimer> fire, BooleanSupplier more) {
    if (inputEnded) {
      fastForwardProcessingTime(fire, more);
      return;
    }
    advanceProcessingTime(now);
    advanceSynchronizedProcessingTime(processingTime);
    fireDue(now, fire, more);
  }

  /**
   * When a processing-time timer at {@code timestamp} is due: once the clock has passed it, as
   * with event time (triggers such as AfterSynchronizedProcessingTime fire only past their time).
   */
  public static Instant dueAt(Instant timestamp) {
    return timestamp.isBefore(BoundedWindow.TIMESTAMP_MAX_VALUE) ? timestamp.plus(Duration.millis(1)) : timestamp;
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

  /**
   * Removes every timer of {@code domain} due strictly before {@code time}, grouped by key in the
   * order of their earliest timer: one firing round. Timers set while a round fires belong to the
   * next round.
   */
  public Map<KeyBytes, List<TimerData>> pollDueRound(TimeDomain domain, Instant time) {
    Map<KeyBytes, List<TimerData>> round = new LinkedHashMap<>();
    KeyedTimer due;
    while ((due = pollDue(domain, time)) != null) {
      round.computeIfAbsent(due.key, k -> new ArrayList<>()).add(due.timer);
    }
    return round;
  }

  /** The earliest output timestamp of a pending holding timer, {@code TIMESTAMP_MAX_VALUE} if none. */
  public Instant earliestOutputHold() {
    return outputHolds.isEmpty() ? BoundedWindow.TIMESTAMP_MAX_VALUE : outputHolds.firstKey();
  }

  public boolean isEmpty() {
    return byKey.isEmpty();
  }

  /** The keys with pending timers. */
  Set<KeyBytes> keys() {
    return byKey.keySet();
  }

  /** The pending timers of {@code key}, in the order they were set. */
  List<TimerData> timersOf(KeyBytes key) {
    Map<TimerId, KeyedTimer> timers = byKey.get(key);
    if (timers == null) {
      return List.of();
    }
    List<KeyedTimer> entries = new ArrayList<>(timers.values());
    entries.sort(Comparator.comparingLong(t -> t.sequence));
    List<TimerData> data = new ArrayList<>();
    entries.forEach(t -> data.add(t.timer));
    return data;
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
    if (holdsWatermark.test(timer)) {
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
    if (holdsWatermark.test(timer)) {
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
      return synchronizedProcessingTime;
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
