package io.solstice.runner;

import io.solstice.translation.runtime.GroupingMemory;
import java.nio.file.Path;

/**
 * Each worker's grouping memory: {@code --groupingMemoryMb}, or a sixteenth of this JVM's heap
 * shared by the stage's workers in it (every worker of the stage in local mode, one per slot in a
 * cluster executor). Measured with the grouping scale benchmark at -Xmx2g: 64 MB per worker ran 10M
 * keys faster and in half the resident memory of 256 MB (a larger buffer only delays the spill and
 * keeps more of the heap live), so the default is small and the rest of the heap is left to the job.
 */
final class GroupingMemoryBudget {
  private static final double HEAP_SHARE = 1.0 / 16;
  private static final long FLOOR_BYTES = 8L << 20;

  private GroupingMemoryBudget() {}

  static GroupingMemory of(SolsticePipelineOptions options, int stageParallelism) {
    Path spill = Path.of(options.getSpillDirectory() != null ? options.getSpillDirectory() : System.getProperty("java.io.tmpdir"));
    if (options.getGroupingMemoryMb() > 0) {
      return new GroupingMemory((long) options.getGroupingMemoryMb() << 20, spill);
    }
    int sharing =
        options.getRayMode() == SolsticePipelineOptions.RayMode.CLUSTER
            ? Math.min(options.getExecutorSlots(), stageParallelism)
            : stageParallelism;
    long share = (long) (Runtime.getRuntime().maxMemory() * HEAP_SHARE / Math.max(1, sharing));
    return new GroupingMemory(Math.max(FLOOR_BYTES, share), spill);
  }
}
