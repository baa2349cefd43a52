package io.solstice.runner;

import io.solstice.engine.control.WorkerProgress;
import io.solstice.engine.control.WorkerReport;
import java.util.List;

/** What a finished job's workers published on its edges: splits, the elements in them, their bytes. */
public final class DataMoved {
  private final long splits;
  private final long elements;
  private final long bytes;

  private DataMoved(long splits, long elements, long bytes) {
    this.splits = splits;
    this.elements = elements;
    this.bytes = bytes;
  }

  static DataMoved sum(List<WorkerReport> reports) {
    long splits = 0;
    long elements = 0;
    long bytes = 0;
    for (WorkerReport report : reports) {
      WorkerProgress progress = report.progress();
      if (progress != null) {
        splits += progress.splitsOut();
        elements += progress.elementsOut();
        bytes += progress.bytesOut();
      }
    }
    return new DataMoved(splits, elements, bytes);
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
}
