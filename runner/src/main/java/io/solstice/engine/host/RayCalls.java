package io.solstice.engine.host;

import io.ray.api.ObjectRef;
import io.ray.api.Ray;
import java.util.List;

/** Ray calls that also free their result: Ray's local mode keeps every object until freed. */
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

  public static void free(ObjectRef<?> ref) {
    Ray.internal().free(List.of(ref), false);
  }
}
