package io.solstice.engine.host;

import java.util.ArrayDeque;
import java.util.Optional;

/**
 * Tells a JVM caught in a garbage-collection spiral from a busy one, from samples of its total time
 * collecting and its heap left in use after the latest collection: over the last window, collecting
 * took at least {@code gcShare} of the time while the heap stayed at least {@code fullShare} full.
 * G1 throws no "GC overhead limit exceeded": a JVM whose live data almost fills its heap can go on
 * collecting for minutes, its work twenty times slower, before an {@link OutOfMemoryError} (if any).
 */
final class GcThrashing {
  private record Sample(long atMillis, long gcMillis) {}

  private final long windowMillis;
  private final double gcShare;
  private final double fullShare;
  private final ArrayDeque<Sample> samples = new ArrayDeque<>();

  GcThrashing(long windowMillis, double gcShare, double fullShare) {
    this.windowMillis = windowMillis;
    this.gcShare = gcShare;
    this.fullShare = fullShare;
  }

  /**
   * Takes a sample; returns what the JVM is doing when it is thrashing: the share of the window
   * spent collecting and how full the heap stayed.
   */
  Optional<String> observe(long nowMillis, long gcMillis, long heapAfterGcBytes, long maxHeapBytes) {
    samples.addLast(new Sample(nowMillis, gcMillis));
    // Keeps the newest sample at least a window old, as the window's start.
    while (samples.size() > 2 && nowMillis - secondOldest().atMillis >= windowMillis) {
      samples.removeFirst();
    }
    Sample start = samples.peekFirst();
    long span = nowMillis - start.atMillis;
    if (span < windowMillis || maxHeapBytes <= 0) {
      return Optional.empty();
    }
    double collecting = (gcMillis - start.gcMillis) / (double) span;
    double full = heapAfterGcBytes / (double) maxHeapBytes;
    if (collecting < gcShare || full < fullShare) {
      return Optional.empty();
    }
    return Optional.of(String.format(
        "spent %.1f s of the last %.1f s collecting garbage, and its heap was still %.0f%% full (of %d MB) after"
            + " collecting",
        (gcMillis - start.gcMillis) / 1000.0, span / 1000.0, full * 100, maxHeapBytes >> 20));
  }

  private Sample secondOldest() {
    var it = samples.iterator();
    it.next();
    return it.next();
  }
}
