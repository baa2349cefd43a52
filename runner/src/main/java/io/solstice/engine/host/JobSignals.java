package io.solstice.engine.host;

import io.solstice.engine.control.ActivitySnapshot;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * One executor's view of a job's control state. Down from the coordinator come the manual clock's
 * time and the checkpoint asked for (pushed by executor calls); up go the messages this executor's
 * workers sent and handled and when each next needs the clock (pulled by the coordinator). Workers
 * read and write it on every loop, so it is local memory, never a remote call.
 */
public final class JobSignals {
  private final boolean manualClock;
  private volatile long manualNow;
  private volatile long requestedCheckpoint;
  private volatile long completedCheckpoint;
  private final LongAdder sent = new LongAdder();
  private final LongAdder handled = new LongAdder();
  private final Map<String, Long> clockNeeds = new ConcurrentHashMap<>();

  public JobSignals(boolean manualClock, long clockStart) {
    this.manualClock = manualClock;
    this.manualNow = clockStart;
  }

  /** The job's processing time, in epoch millis: the system clock, or the job's manual clock. */
  public long now() {
    return manualClock ? manualNow : System.currentTimeMillis();
  }

  public boolean manualClock() {
    return manualClock;
  }

  /** The coordinator moved the manual clock. */
  void setClock(long millis) {
    if (millis > manualNow) {
      manualNow = millis;
    }
  }

  /** The newest checkpoint the coordinator asked for, 0 if none. */
  public long requestedCheckpoint() {
    return requestedCheckpoint;
  }

  void requestCheckpoint(long checkpointId) {
    if (checkpointId > requestedCheckpoint) {
      requestedCheckpoint = checkpointId;
    }
  }

  /** The newest checkpoint the coordinator announced as complete, 0 if none. */
  public long completedCheckpoint() {
    return completedCheckpoint;
  }

  void completeCheckpoint(long checkpointId) {
    if (checkpointId > completedCheckpoint) {
      completedCheckpoint = checkpointId;
    }
  }

  /** Counts messages put on the job's queues; call before they can be read. */
  public void sent(int messages) {
    sent.add(messages);
  }

  /** Counts messages a worker has handled, once everything they caused has been sent. */
  public void handled(int messages) {
    handled.add(messages);
  }

  /** When {@code worker} next needs the clock ({@code Long.MAX_VALUE}: never, or it ended). */
  public void nextClockNeed(String worker, long millis) {
    clockNeeds.put(worker, millis);
  }

  ActivitySnapshot snapshot() {
    // Handled before sent: then equal totals can only mean nothing was in flight.
    long handledNow = handled.sum();
    long sentNow = sent.sum();
    return new ActivitySnapshot(sentNow, handledNow, new HashMap<>(clockNeeds));
  }
}
