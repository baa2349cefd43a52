package io.solstice.engine.control;

import java.io.Serializable;
import java.util.List;

/** The live counters and latest metrics snapshots of a stage's workers. */
public final class StageProgress implements Serializable {
  private static final long serialVersionUID = 1L;

  private final int stage;
  private final String name;
  private final List<WorkerProgress> workers;
  private final List<byte[]> metrics;

  public StageProgress(int stage, String name, List<WorkerProgress> workers, List<byte[]> metrics) {
    this.stage = stage;
    this.name = name;
    this.workers = List.copyOf(workers);
    this.metrics = List.copyOf(metrics);
  }

  public int stage() {
    return stage;
  }

  public String name() {
    return name;
  }

  public List<WorkerProgress> workers() {
    return workers;
  }

  /** Bytes the stage's workers have spilled to disk so far. */
  public long spilledBytes() {
    return workers.stream().mapToLong(worker -> worker.memory().spilledBytes()).sum();
  }

  /** The memory use of the fullest JVM the stage's workers run in (shared with other stages' workers). */
  public MemoryUse fullestHeap() {
    MemoryUse fullest = MemoryUse.NONE;
    for (WorkerProgress worker : workers) {
      if (worker.memory().heapUsedBytes() > fullest.heapUsedBytes()) {
        fullest = worker.memory();
      }
    }
    return fullest;
  }

  /** Each worker's latest operator metrics snapshot (opaque to the engine). */
  public List<byte[]> metrics() {
    return metrics;
  }
}
