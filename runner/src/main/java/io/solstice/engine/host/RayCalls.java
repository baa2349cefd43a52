package io.solstice.engine.host;

import io.ray.api.ObjectRef;
import io.ray.api.Ray;
import java.util.List;

/**
 * Reads a Ray call's result and lets it go. Ray's local mode (2.39) keeps every object until
 * {@code Ray.internal().free} deletes it, so there the result is freed at once. In cluster mode
 * (2.58) the result is released when the JVM collects its reference, as Ray's Java API expects:
 * freeing it explicitly there sometimes makes Ray's core worker abort the whole process
 * ("Check failed: ObjectUnknownOwner" in {@code CoreWorker::Delete}: 3 executors lost so in about
 * 1,500 cluster-mode test jobs), which is worse than an object outliving its use by a garbage
 * collection. The engine's large results (split payloads) are at most {@code --targetSplitBytes}
 * each, and bounded in number by the queues' backpressure.
 */
public final class RayCalls {
  private RayCalls() {}

  public static <T> T getAndFree(ObjectRef<T> ref) {
    try {
      return ref.get();
    } finally {
      free(ref);
    }
  }

  public static <T> T getAndFree(ObjectRef<T> ref, long timeoutMillis) {
    try {
      return ref.get(timeoutMillis);
    } finally {
      free(ref);
    }
  }

  /** An object this process put and no longer needs, released as {@link #getAndFree} releases results. */
  public static void release(ObjectRef<?> ref) {
    free(ref);
  }

  private static void free(ObjectRef<?> ref) {
    if (Ray.getRuntimeContext().isLocalMode()) {
      Ray.internal().free(List.of(ref), false);
    }
  }
}
