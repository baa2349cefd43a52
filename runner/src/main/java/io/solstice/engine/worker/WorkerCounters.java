package io.solstice.engine.worker;

import io.solstice.engine.control.MemoryUse;
import io.solstice.engine.control.WorkerProgress;
import io.solstice.engine.operator.Watermarks;
import java.util.concurrent.atomic.AtomicLong;

/** Live counters of one worker: written by its loop, read by progress requests. */
final class WorkerCounters {
  final AtomicLong splitsIn = new AtomicLong();
  final AtomicLong elementsIn = new AtomicLong();
  final AtomicLong bytesIn = new AtomicLong();
  final AtomicLong splitsOut = new AtomicLong();
  final AtomicLong elementsOut = new AtomicLong();
  final AtomicLong bytesOut = new AtomicLong();
  final AtomicLong bundles = new AtomicLong();
  /** Time spent waiting for input (in polls): what is neither this nor sending is busy time. */
  private final AtomicLong idleNanos = new AtomicLong();
  /** When the poll under way started (System.nanoTime), 0 if none: it counts as idle already. */
  private final AtomicLong pollStartedNanos = new AtomicLong();
  /** Input messages not read yet, as of the worker's last look (between polls). */
  final AtomicLong inputBacklog = new AtomicLong();
  /** Time spent sending and flushing output, mostly waiting on full partitions (backpressure). */
  final AtomicLong sendNanos = new AtomicLong();
  /** Bytes the operator has spilled to local disk so far. */
  final AtomicLong spilledBytes = new AtomicLong();
  final AtomicLong inputWatermark = new AtomicLong(Watermarks.START);
  final AtomicLong outputWatermark = new AtomicLong(Watermarks.START);

  /** A poll starts; returns its start, for {@link #pollEnded}. */
  long pollStarted() {
    long now = System.nanoTime();
    pollStartedNanos.set(now);
    return now;
  }

  void pollEnded(long started) {
    // Cleared before it is added, so that a snapshot between the two undercounts, never doubles.
    pollStartedNanos.set(0);
    idleNanos.addAndGet(System.nanoTime() - started);
  }

  /** Idle time so far, the poll under way included. */
  private long idleMillis() {
    long started = pollStartedNanos.get();
    long ongoing = started == 0 ? 0 : Math.max(0, System.nanoTime() - started);
    return (idleNanos.get() + ongoing) / 1_000_000;
  }

  WorkerProgress snapshot(int stage, int worker, String state) {
    return new WorkerProgress(
        stage,
        worker,
        state,
        splitsIn.get(),
        elementsIn.get(),
        bytesIn.get(),
        splitsOut.get(),
        elementsOut.get(),
        bytesOut.get(),
        bundles.get(),
        idleMillis(),
        sendNanos.get() / 1_000_000,
        inputBacklog.get(),
        inputWatermark.get(),
        outputWatermark.get(),
        MemoryUse.now(spilledBytes.get()));
  }
}
