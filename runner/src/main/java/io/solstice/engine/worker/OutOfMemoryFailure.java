package io.solstice.engine.worker;

import io.solstice.engine.EngineConfig;

/**
 * A worker that ran out of heap, told so that a user knows where and what to change: the stage and
 * worker, the heap it had, and the option that sizes it in this mode.
 */
public final class OutOfMemoryFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private OutOfMemoryFailure(String message, Throwable cause) {
    super(message, cause);
  }

  /**
   * {@code failure} itself unless an {@link OutOfMemoryError} is among its causes; then a failure
   * that explains it, with {@code failure} as its cause.
   */
  static Throwable explain(Throwable failure, String worker, long maxHeapBytes, EngineConfig config) {
    OutOfMemoryError oom = find(failure);
    if (oom == null) {
      return failure;
    }
    return new OutOfMemoryFailure(
        capitalized(worker) + " ran out of memory (" + oom + ") with a heap of " + (maxHeapBytes >> 20)
            + " MB. Fix: " + fix(config) + ", or spread the data over more workers with --parallelism; if a"
            + " batch grouping step held the data, a smaller --groupingMemoryMb makes it spill to disk sooner.",
        failure);
  }

  /**
   * The failure of a worker whose JVM spends most of its time collecting garbage with its heap
   * nearly full ({@code thrashing} says how much): a worker that would run out of memory, only
   * slowly.
   */
  static OutOfMemoryFailure thrashing(Throwable thrashing, String worker, EngineConfig config) {
    return new OutOfMemoryFailure(
        capitalized(worker) + " is stopped because " + thrashing.getMessage() + ": what its workers hold does"
            + " not fit the heap. Fix: " + fix(config) + ", or spread the data over more workers with"
            + " --parallelism; batch grouping steps keep within --groupingMemoryMb, so look for data held"
            + " elsewhere (a DoFn's own fields, keyed state, side inputs).",
        thrashing);
  }

  private static String fix(EngineConfig config) {
    return config.rayMode() == EngineConfig.RayMode.CLUSTER
        ? "give each executor more memory with --executorMemoryMb (now " + config.executorMemoryMb() + ")"
        : "give the JVM that runs the job a larger -Xmx (in Ray's local mode the workers run in it)";
  }

  private static String capitalized(String worker) {
    return Character.toUpperCase(worker.charAt(0)) + worker.substring(1);
  }

  private static OutOfMemoryError find(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof OutOfMemoryError) {
        return (OutOfMemoryError) t;
      }
    }
    return null;
  }
}
