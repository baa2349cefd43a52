package io.solstice.engine.worker;

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
  /** Input messages not read yet, as of the worker's last look (between polls). */
  final AtomicLong inputBacklog = new AtomicLong();
  /** Time spent sending and flushing output, mostly waiting on full partitions (backpressure). */
  final AtomicLong sendNanos = new AtomicLong();
  final AtomicLong inputWatermark = new AtomicLong(Watermarks.START);
  final AtomicLong outputWatermark = new AtomicLong(Watermarks.START);

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
        sendNanos.get() / 1_000_000,
        inputBacklog.get(),
        inputWatermark.get(),
        outputWatermark.get());
  }
}
