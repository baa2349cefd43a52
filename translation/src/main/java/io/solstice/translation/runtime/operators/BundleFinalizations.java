package io.solstice.translation.runtime.operators;

import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.apache.beam.runners.core.InMemoryBundleFinalizer;
import org.apache.beam.sdk.util.UserCodeException;
import org.joda.time.Instant;

/**
 * Runs the finalization callbacks of an operator's bundles (a source acknowledging what it read:
 * KafkaIO committing offsets, an unbounded source finalizing its checkpoint mark) once what they
 * acknowledge cannot be read again. Without checkpoints that is when the bundle commits. With
 * checkpoints a failure rewinds the job to its latest completed checkpoint, so a bundle's callbacks
 * wait for the first checkpoint taken after it, and run when that one completes, as on the Flink
 * runner; callbacks past their expiry are dropped. A worker with callbacks waiting does not end.
 */
final class BundleFinalizations {
  private final InMemoryBundleFinalizer finalizer;
  private final boolean checkpointing;
  private List<InMemoryBundleFinalizer.Finalization> sinceLastSnapshot = new ArrayList<>();
  private final NavigableMap<Long, List<InMemoryBundleFinalizer.Finalization>> awaitingCheckpoint = new TreeMap<>();

  BundleFinalizations(InMemoryBundleFinalizer finalizer, boolean checkpointing) {
    this.finalizer = finalizer;
    this.checkpointing = checkpointing;
  }

  void bundleCommitted() {
    if (checkpointing) {
      sinceLastSnapshot.addAll(finalizer.getAndClearFinalizations());
    } else {
      run(finalizer.getAndClearFinalizations());
    }
  }

  /** A snapshot for {@code checkpointId} was taken: the bundles committed so far wait for it. */
  void snapshotTaken(long checkpointId) {
    if (!sinceLastSnapshot.isEmpty()) {
      awaitingCheckpoint.put(checkpointId, sinceLastSnapshot);
      sinceLastSnapshot = new ArrayList<>();
    }
  }

  /**
   * Whether callbacks wait for a checkpoint: until one covers them the worker must not end, or
   * they would run before a checkpoint holds the end of its input, and a restore would read again
   * what they acknowledged.
   */
  boolean hasPending() {
    return !sinceLastSnapshot.isEmpty() || !awaitingCheckpoint.isEmpty();
  }

  /** Checkpoint {@code checkpointId} completed. */
  void checkpointCompleted(long checkpointId) {
    NavigableMap<Long, List<InMemoryBundleFinalizer.Finalization>> covered = awaitingCheckpoint.headMap(checkpointId, true);
    for (List<InMemoryBundleFinalizer.Finalization> callbacks : covered.values()) {
      run(callbacks);
    }
    covered.clear();
  }

  private static void run(List<InMemoryBundleFinalizer.Finalization> callbacks) {
    Instant now = Instant.now();
    for (InMemoryBundleFinalizer.Finalization f : callbacks) {
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
