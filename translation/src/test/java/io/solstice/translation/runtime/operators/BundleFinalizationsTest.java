package io.solstice.translation.runtime.operators;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.apache.beam.runners.core.InMemoryBundleFinalizer;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.Test;

/**
 * Finalization callbacks run when the bundle commits without checkpoints; with checkpoints, once
 * the first checkpoint taken after the bundle completes, or when the worker ends.
 */
public class BundleFinalizationsTest {
  private final InMemoryBundleFinalizer finalizer = new InMemoryBundleFinalizer();
  private final List<String> ran = new ArrayList<>();

  private void bundle(BundleFinalizations finalizations, String name) {
    finalizer.afterBundleCommit(Instant.now().plus(Duration.standardMinutes(1)), () -> ran.add(name));
    finalizations.bundleCommitted();
  }

  @Test
  public void withoutCheckpointsCallbacksRunWhenTheBundleCommits() {
    BundleFinalizations finalizations = new BundleFinalizations(finalizer, false);
    bundle(finalizations, "a");
    assertEquals(List.of("a"), ran);
  }

  @Test
  public void withCheckpointsCallbacksWaitForTheFirstCheckpointAfterTheirBundle() {
    BundleFinalizations finalizations = new BundleFinalizations(finalizer, true);
    bundle(finalizations, "a");
    assertEquals("not at the commit", List.of(), ran);
    finalizations.snapshotTaken(1);
    bundle(finalizations, "b");
    finalizations.snapshotTaken(2);
    bundle(finalizations, "c");
    finalizations.checkpointCompleted(1);
    assertEquals("checkpoint 1 covers bundle a only", List.of("a"), ran);
    finalizations.snapshotTaken(3);
    finalizations.checkpointCompleted(3);
    assertEquals("checkpoint 3 covers what 2 (never announced) covered too", List.of("a", "b", "c"), ran);
  }

  @Test
  public void aFailedCheckpointsCallbacksWaitForTheNextOne() {
    BundleFinalizations finalizations = new BundleFinalizations(finalizer, true);
    bundle(finalizations, "a");
    finalizations.snapshotTaken(1);
    // Checkpoint 1 failed elsewhere and was never announced; 2 completes.
    bundle(finalizations, "b");
    finalizations.snapshotTaken(2);
    finalizations.checkpointCompleted(2);
    assertEquals(List.of("a", "b"), ran);
  }

  @Test
  public void callbacksWaitingForACheckpointAreReportedSoTheWorkerStays() {
    BundleFinalizations finalizations = new BundleFinalizations(finalizer, true);
    assertFalse(finalizations.hasPending());
    bundle(finalizations, "a");
    assertTrue(finalizations.hasPending());
    finalizations.snapshotTaken(1);
    assertTrue(finalizations.hasPending());
    finalizations.checkpointCompleted(1);
    assertFalse(finalizations.hasPending());
    assertFalse("without checkpoints nothing waits", new BundleFinalizations(finalizer, false).hasPending());
  }

  @Test
  public void expiredCallbacksAreDropped() {
    BundleFinalizations finalizations = new BundleFinalizations(finalizer, false);
    finalizer.afterBundleCommit(Instant.now().minus(Duration.millis(1)), () -> ran.add("expired"));
    finalizations.bundleCommitted();
    assertEquals(List.of(), ran);
  }
}
