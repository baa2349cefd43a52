package io.solstice.engine.job;

import io.solstice.engine.control.MemoryUse;
import io.solstice.engine.control.StageProgress;
import io.solstice.engine.control.WorkerProgress;
import io.solstice.engine.operator.Watermarks;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs a running job's progress per stage: elements in and out, elements/s, watermark and lag, the
 * heap in use of its workers' fullest JVM, and what it has spilled to disk.
 */
final class ProgressLog {
  private static final Logger LOG = LoggerFactory.getLogger(ProgressLog.class);

  private final String jobId;
  /** Per stage: elements in and the time at the last log line, for elements/s. */
  private final Map<Integer, long[]> last = new HashMap<>();

  ProgressLog(String jobId) {
    this.jobId = jobId;
  }

  void log(List<StageProgress> stages) {
    long now = System.currentTimeMillis();
    for (StageProgress stage : stages) {
      long in = 0;
      long out = 0;
      long bytesIn = 0;
      long watermark = Long.MAX_VALUE;
      for (WorkerProgress worker : stage.workers()) {
        in += worker.elementsIn();
        out += worker.elementsOut();
        bytesIn += worker.bytesIn();
        watermark = Math.min(watermark, worker.inputWatermark());
      }
      long spilled = stage.spilledBytes();
      MemoryUse fullest = stage.fullestHeap();
      long[] previous = last.put(stage.stage(), new long[] {in, now});
      double rate = previous == null || now <= previous[1] ? 0 : (in - previous[0]) * 1000.0 / (now - previous[1]);
      LOG.info(
          "Job {} stage '{}' ({} workers): in {} elements ({} MB, {} elements/s), out {} elements,"
              + " input watermark {} (lag {}), heap {}{}",
          jobId,
          stage.name(),
          stage.workers().size(),
          String.format("%,d", in),
          String.format("%.1f", bytesIn / 1e6),
          String.format("%,.0f", rate),
          String.format("%,d", out),
          Watermarks.format(watermark),
          lag(watermark, now),
          String.format("%,d of %,d MB", fullest.heapUsedBytes() >> 20, fullest.heapMaxBytes() >> 20),
          spilled == 0 ? "" : String.format(", spilled %.1f MB to disk", spilled / 1e6));
    }
  }

  /** How far event time is behind the clock at a stage's input, for sources that track it. */
  private static String lag(long watermark, long now) {
    if (watermark <= Watermarks.START || watermark >= Watermarks.END || watermark > now) {
      return "n/a";
    }
    return String.format("%.1f s", (now - watermark) / 1000.0);
  }
}
