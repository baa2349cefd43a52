package io.solstice.engine.job;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * A job's processing-time clock, and what tells when the job is quiescent: the messages sent onto
 * its queues against those its workers have handled, and when each worker next needs the clock.
 * Shared by the job's workers in this JVM (Ray's local mode).
 *
 * <p>The clock is the system's, or manual: a manual clock moves only when a source says so, which is
 * how a TestStream advances processing time deterministically for the whole job.
 */
public final class JobActivity {
  private final boolean manualClock;
  private final AtomicLong manualNow = new AtomicLong();
  private final LongAdder sent = new LongAdder();
  private final LongAdder handled = new LongAdder();
  private final Map<String, Long> nextClockNeeds = new ConcurrentHashMap<>();
  /** Workers that wait for quiescence (TestStreams): always ready, they never block each other. */
  private final Set<String> clockDrivers = ConcurrentHashMap.newKeySet();

  public JobActivity(boolean manualClock) {
    this.manualClock = manualClock;
    manualNow.set(System.currentTimeMillis());
  }

  /** The job's processing time, in epoch millis. */
  public long now() {
    return manualClock ? manualNow.get() : System.currentTimeMillis();
  }

  /** Moves a manual clock forward. */
  public void advanceClock(long millis) {
    if (!manualClock) {
      throw new IllegalStateException("Only a manual job clock can be advanced");
    }
    manualNow.addAndGet(millis);
  }

  /** Counts messages put on the job's queues; call before the worker handles what caused them. */
  public void sent(int messages) {
    sent.add(messages);
  }

  /** Counts messages a worker has handled, once everything they caused has been sent. */
  public void handled(int messages) {
    handled.add(messages);
  }

  /** When {@code worker} next needs the clock ({@code Long.MAX_VALUE}: never, or it ended). */
  public void nextClockNeed(String worker, long millis) {
    nextClockNeeds.put(worker, millis);
  }

  /**
   * True when every message sent has been handled and no worker but those that ask this (clock
   * drivers such as TestStreams) has processing-time work due. Handled is read before sent: equal
   * counts then mean nothing was in flight and nothing new was sent in between.
   */
  public boolean quiescent(String caller) {
    clockDrivers.add(caller);
    long handledCount = handled.sum();
    long sentCount = sent.sum();
    if (handledCount != sentCount) {
      return false;
    }
    long now = now();
    for (Map.Entry<String, Long> need : nextClockNeeds.entrySet()) {
      if (need.getValue() <= now && !clockDrivers.contains(need.getKey())) {
        return false;
      }
    }
    return true;
  }
}
