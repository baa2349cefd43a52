package io.solstice.runner;

import io.solstice.engine.control.WorkerProgress;
import io.solstice.engine.control.WorkerReport;
import java.util.List;

/**
 * What a finished job's workers published on its edges (splits, the elements in them, their bytes)
 * and spilled to local disk.
 */
public final class DataMoved {
  private final long splits;
  private final long elements;
  private final long bytes;
  private final long spilledBytes;

  private DataMoved(long splits, long elements, long bytes, long spilledBytes) {
    this.splits = splits;
    this.elements = elements;
    this.bytes = bytes;
    this.spilledBytes = spilledBytes;
  }

  static DataMoved sum(List<WorkerReport> reports) {
    long splits = 0;
    long elements = 0;
    long bytes = 0;
    long spilledBytes = 0;
    for (WorkerReport report : reports) {
      WorkerProgress progress = report.progress();
      if (progress != null) {
        splits += progress.splitsOut();
        elements += progress.elementsOut();
        bytes += progress.bytesOut();
        spilledBytes += progress.memory().spilledBytes();
      }
    }
    return new DataMoved(splits, elements, bytes, spilledBytes);
  }

  public long splits() {
    return splits;
  }

  public long elements() {
    return elements;
  }

  /** Encoded element bytes, without the queue messages' headers. */
  public long bytes() {
    return bytes;
  }

  /** Bytes the workers' batch grouping steps spilled to local disk past their memory. */
  public long spilledBytes() {
    return spilledBytes;
  }
}
