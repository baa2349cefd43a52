package io.solstice.engine.coordinator;

import io.solstice.engine.control.ActivitySnapshot;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Decides whether a job is quiescent: every message sent onto its queues has been handled, and no
 * worker other than those that drive the clock (TestStreams, which ask this) has processing-time
 * work due. Counters live on the executors, so it reads them in two rounds, as termination
 * detection does across processes: first every executor's handled count, then every sent count.
 * Counts only grow and a message is counted as handled only once everything it caused was sent, so
 * equal totals mean nothing was in flight between the rounds.
 */
final class QuiescenceDetector {
  private final Set<String> clockDrivers = ConcurrentHashMap.newKeySet();

  /**
   * @param activity reads every executor's snapshot (one round)
   * @param driverSent messages the job's driver has sent so far (read with the second round)
   * @param now the job clock's time
   */
  boolean quiescent(
      String caller, Supplier<List<ActivitySnapshot>> activity, LongSupplier driverSent, long now) {
    clockDrivers.add(caller);
    long handled = 0;
    for (ActivitySnapshot snapshot : activity.get()) {
      handled += snapshot.handled();
    }
    long sent = driverSent.getAsLong();
    List<ActivitySnapshot> second = activity.get();
    for (ActivitySnapshot snapshot : second) {
      sent += snapshot.sent();
    }
    if (handled != sent) {
      return false;
    }
    for (ActivitySnapshot snapshot : second) {
      for (Map.Entry<String, Long> need : snapshot.clockNeeds().entrySet()) {
        if (need.getValue() <= now && !clockDrivers.contains(need.getKey())) {
          return false;
        }
      }
    }
    return true;
  }
}
