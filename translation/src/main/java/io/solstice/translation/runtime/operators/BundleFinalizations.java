package io.solstice.translation.runtime.operators;

import org.apache.beam.runners.core.InMemoryBundleFinalizer;
import org.apache.beam.sdk.util.UserCodeException;
import org.joda.time.Instant;

/** Runs the finalization callbacks of a committed bundle that have not expired. */
final class BundleFinalizations {
  private BundleFinalizations() {}

  static void runCommitted(InMemoryBundleFinalizer finalizer) {
    Instant now = Instant.now();
    for (InMemoryBundleFinalizer.Finalization f : finalizer.getAndClearFinalizations()) {
      if (f.getExpiryTime().isBefore(now)) {
        continue;
      }
      try {
        f.getCallback().onBundleSuccess();
      } catch (Exception e) {
        throw UserCodeException.wrap(e);
      }
    }
  }
}
