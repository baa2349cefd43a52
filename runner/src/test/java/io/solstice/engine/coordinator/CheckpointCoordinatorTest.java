package io.solstice.engine.coordinator;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import io.solstice.engine.checkpoint.CheckpointManifest;
import io.solstice.engine.checkpoint.CheckpointSettings;
import io.solstice.engine.checkpoint.CheckpointStorage;
import io.solstice.engine.checkpoint.LocalCheckpointStorage;
import io.solstice.engine.checkpoint.S3Settings;
import io.solstice.engine.checkpoint.StateHandle;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class CheckpointCoordinatorTest {
  @Rule public TemporaryFolder folder = new TemporaryFolder();

  private CheckpointStorage storage;

  private CheckpointCoordinator coordinator(int retained, int tolerable, long lastId) throws IOException {
    storage = new LocalCheckpointStorage(folder.getRoot().toPath().resolve("job"));
    CheckpointCoordinator coordinator =
        new CheckpointCoordinator(
            "job", 3, new CheckpointSettings(100, folder.getRoot().toString(), retained, tolerable, 0, 0, S3Settings.defaults()), lastId, () -> storage, "shape");
    coordinator.register("a");
    coordinator.register("b");
    coordinator.register("c");
    return coordinator;
  }

  private StateHandle state(long checkpoint, String worker) throws IOException {
    return storage.writeState(checkpoint, "state-" + worker, ("state of " + worker).getBytes(StandardCharsets.UTF_8));
  }

  @Test
  public void startsOnlyOnceEveryWorkerHasRegistered() throws IOException {
    storage = new LocalCheckpointStorage(folder.getRoot().toPath());
    CheckpointCoordinator coordinator =
        new CheckpointCoordinator("job", 3, new CheckpointSettings(100, "x", 1, 0, 0, 0, S3Settings.defaults()), 0, () -> storage, "shape");
    coordinator.register("a");
    coordinator.register("b");
    assertEquals(0, coordinator.tick(1_000));
    coordinator.register("c");
    assertEquals(1, coordinator.tick(1_000));
  }

  @Test
  public void aCheckpointSlowerThanTheIntervalIsFollowedByTheMinimumPauseAndReported() throws IOException {
    storage = new LocalCheckpointStorage(folder.getRoot().toPath().resolve("job"));
    CheckpointCoordinator coordinator =
        new CheckpointCoordinator(
            "job", 1, new CheckpointSettings(100, folder.getRoot().toString(), 3, 0, 0, 500, S3Settings.defaults()), 0, () -> storage, "shape");
    coordinator.register("a");
    assertEquals(1, coordinator.tick(1_000));
    coordinator.acknowledge("a", 1, state(1, "a"), 250, 1_300);
    assertEquals("the interval has passed, but not the pause since the end", 0, coordinator.tick(1_700));
    assertEquals(2, coordinator.tick(1_800));
    coordinator.acknowledge("a", 2, state(2, "a"), 3, 1_810);
    assertEquals("a fast checkpoint: the interval counts from its start", 0, coordinator.tick(1_900));
    assertEquals("and the pause from its end", 0, coordinator.tick(2_300));
    assertEquals(3, coordinator.tick(2_310));

    List<CompletedCheckpoint> recent = coordinator.status().recent();
    assertEquals(2, recent.size());
    CompletedCheckpoint first = recent.get(0);
    assertEquals(1, first.id());
    assertEquals(300, first.durationMillis());
    assertEquals(250, first.longestAlignmentMillis());
    assertEquals(1_300, first.completedAtMillis());
    assertEquals(storage.manifest(1).totalBytes(), first.bytes());
    assertEquals(1, first.workers());
  }

  @Test
  public void completesWithAManifestOnceEveryRunningWorkerHasWrittenItsStateThenWaitsForTheInterval()
      throws IOException {
    CheckpointCoordinator coordinator = coordinator(3, 0, 0);
    assertEquals(1, coordinator.tick(1_000));
    coordinator.acknowledge("a", 1, state(1, "a"), 5, 1_010);
    coordinator.acknowledge("b", 1, state(1, "b"), 7, 1_020);
    assertEquals(0, coordinator.status().completed());
    assertTrue("no manifest before the last worker", storage.completed().isEmpty());
    assertEquals("one checkpoint in flight at a time", 0, coordinator.tick(2_000));
    coordinator.finished("c", 2_010);
    assertEquals(1, coordinator.status().completed());
    assertEquals(1, coordinator.status().lastCompleted());
    CheckpointManifest manifest = storage.manifest(1);
    assertEquals(List.of("state-a", "state-b"), manifest.states().stream().map(StateHandle::name).toList());
    assertEquals("an ended worker is listed, with no state", List.of("c"), manifest.finished());
    assertEquals("shape", manifest.shape());
    assertEquals(2, coordinator.tick(2_020));
    coordinator.acknowledge("a", 2, state(2, "a"), 1, 2_030);
    coordinator.acknowledge("b", 2, state(2, "b"), 1, 2_040);
    assertEquals("an ended worker is not waited for", 2, coordinator.status().completed());
    assertEquals("the next one waits for the interval", 0, coordinator.tick(2_050));
    assertEquals(3, coordinator.tick(2_120));
  }

  @Test
  public void anAcknowledgementOfAnotherCheckpointCountsForNothing() throws IOException {
    CheckpointCoordinator coordinator = coordinator(3, 0, 0);
    assertEquals(1, coordinator.tick(1_000));
    coordinator.acknowledge("a", 7, state(7, "a"), 0, 1_001);
    coordinator.acknowledge("b", 1, state(1, "b"), 0, 1_002);
    coordinator.acknowledge("c", 1, state(1, "c"), 0, 1_003);
    assertEquals(0, coordinator.status().completed());
    coordinator.acknowledge("a", 1, state(1, "a"), 0, 1_004);
    assertEquals(1, coordinator.status().completed());
  }

  @Test
  public void keepsOnlyTheRetainedNumberOfCompletedCheckpoints() throws IOException {
    CheckpointCoordinator coordinator = coordinator(2, 0, 0);
    long now = 1_000;
    for (long id = 1; id <= 3; id++) {
      assertEquals(id, coordinator.tick(now));
      for (String worker : List.of("a", "b", "c")) {
        coordinator.acknowledge(worker, id, state(id, worker), 0, now);
      }
      now += 1_000;
    }
    assertEquals(List.of(2L, 3L), storage.completed());
  }

  @Test
  public void idsGoOnFromTheCheckpointARestoredJobStartedFrom() throws IOException {
    CheckpointCoordinator coordinator = coordinator(3, 0, 41);
    assertEquals(42, coordinator.tick(1_000));
  }

  @Test
  public void aDeclinedCheckpointFailsAndTheJobGoesOnWithinTheTolerance() throws IOException {
    CheckpointCoordinator coordinator = coordinator(3, 1, 0);
    assertEquals(1, coordinator.tick(1_000));
    assertEquals("in flight", 1, coordinator.status().inFlight());
    assertEquals(1_000, coordinator.status().inFlightSinceMillis());
    coordinator.acknowledge("a", 1, state(1, "a"), 0, 1_001);
    coordinator.decline("b", 1, "disk full", 1_002);
    assertEquals(0, coordinator.status().inFlight());
    assertEquals(List.of(new FailedCheckpoint(1, 1_002, "disk full")), coordinator.status().failed());
    coordinator.acknowledge("c", 1, state(1, "c"), 0, 1_003);
    assertEquals(0, coordinator.status().completed());
    assertTrue("a failed checkpoint has no manifest", storage.completed().isEmpty());
    assertNull("one failure is tolerated", coordinator.status().failure());
    assertEquals("the next comes after the interval", 0, coordinator.tick(1_050));
    assertEquals(2, coordinator.tick(1_200));
    coordinator.decline("a", 2, "disk still full", 1_201);
    String failure = coordinator.status().failure();
    assertNotNull("two in a row are more than tolerated", failure);
    assertTrue(failure, failure.contains("disk still full") && failure.contains("--tolerableCheckpointFailures"));
    assertEquals("no checkpoint starts once the job must fail", 0, coordinator.tick(5_000));
  }

  @Test
  public void aCheckpointAWorkerIsNotReadyForIsSkippedWithoutCountingAsAFailure() throws IOException {
    CheckpointCoordinator coordinator = coordinator(3, 0, 0);
    for (long id = 1; id <= 3; id++) {
      assertEquals(id, coordinator.tick(1_000 * id));
      coordinator.acknowledge("a", id, state(id, "a"), 0, 1_000 * id + 1);
      coordinator.skip("b", id, "spilled to disk", 1_000 * id + 2);
      assertEquals(0, coordinator.status().inFlight());
      coordinator.acknowledge("c", id, state(id, "c"), 0, 1_000 * id + 3);
    }
    assertNull("skips are not failures, however many (no failure is tolerated here)", coordinator.status().failure());
    assertTrue("nor are they listed as failed", coordinator.status().failed().isEmpty());
    assertEquals(0, coordinator.status().completed());
    assertEquals(4, coordinator.tick(4_000));
    for (String worker : List.of("a", "b", "c")) {
      coordinator.acknowledge(worker, 4, state(4, worker), 0, 4_001);
    }
    assertEquals("once every worker is ready, checkpoints complete again", 1, coordinator.status().completed());
  }

  @Test
  public void aManifestThatCannotBeWrittenFailsTheCheckpoint() throws IOException {
    Path blocked = folder.newFile("not-a-directory").toPath();
    storage = new LocalCheckpointStorage(blocked.resolve("job"));
    CheckpointCoordinator coordinator =
        new CheckpointCoordinator("job", 1, new CheckpointSettings(100, "x", 1, 0, 0, 0, S3Settings.defaults()), 0, () -> storage, "shape");
    coordinator.register("a");
    assertEquals(1, coordinator.tick(1_000));
    coordinator.acknowledge("a", 1, new StateHandle("state-a", 1, 0), 0, 1_001);
    assertEquals(0, coordinator.status().completed());
    assertTrue(Files.isRegularFile(blocked));
    assertNotNull(coordinator.status().failure());
  }

  @Test
  public void aCheckpointPastItsTimeoutFailsAndCountsAgainstTheTolerance() throws IOException {
    storage = new LocalCheckpointStorage(folder.getRoot().toPath().resolve("job"));
    CheckpointCoordinator coordinator =
        new CheckpointCoordinator("job", 2, new CheckpointSettings(100, "x", 1, 0, 5_000, 0, S3Settings.defaults()), 0, () -> storage, "shape");
    coordinator.register("a");
    coordinator.register("b");
    assertEquals(1, coordinator.tick(1_000));
    coordinator.acknowledge("a", 1, state(1, "a"), 0, 1_001);
    assertEquals(0, coordinator.tick(5_999));
    assertNull(coordinator.status().failure());
    assertEquals(0, coordinator.tick(6_001));
    String failure = coordinator.status().failure();
    assertNotNull("past the timeout, with no failure tolerated", failure);
    assertTrue(failure, failure.contains("--checkpointTimeout") && failure.contains("[b]"));
  }

  @Test
  public void aStoppedCoordinatorCompletesNothingMore() throws IOException {
    CheckpointCoordinator coordinator = coordinator(3, 0, 0);
    assertEquals(1, coordinator.tick(1_000));
    coordinator.acknowledge("a", 1, state(1, "a"), 0, 1_001);
    coordinator.acknowledge("b", 1, state(1, "b"), 0, 1_002);
    coordinator.stop();
    coordinator.acknowledge("c", 1, state(1, "c"), 0, 1_003);
    assertEquals(List.of(), storage.completed());
    assertEquals(0, coordinator.tick(10_000));
  }

  @Test
  public void anIntervalOfZeroTakesNoCheckpoint() {
    CheckpointCoordinator off = new CheckpointCoordinator("job", 1, CheckpointSettings.off(), 0, () -> storage, "shape");
    off.register("a");
    assertEquals(0, off.tick(1_000_000));
  }

  @Test
  public void aRescaleHappensBetweenCheckpointsAndTheNextWaitsForTheNewPool() throws IOException {
    storage = new LocalCheckpointStorage(folder.getRoot().toPath().resolve("job"));
    String shape = "key groups 8\nstage 0 'read' parallelism 1\nstage 1 'count' parallelism 2";
    CheckpointCoordinator coordinator =
        new CheckpointCoordinator(
            "job", 3, new CheckpointSettings(100, folder.getRoot().toString(), 5, 0, 0, 0, S3Settings.defaults()), 0, () -> storage, shape);
    coordinator.register("0/0");
    coordinator.register("1/0");
    assertFalse("not before every worker has registered", coordinator.rescale("count", 1, List.of("1/0", "1/1"), List.of("1/0"), 900));
    coordinator.register("1/1");
    coordinator.finished("1/1", 500);
    assertEquals(1, coordinator.tick(1_000));
    assertFalse("not while a checkpoint is under way", coordinator.rescale("count", 1, List.of("1/0", "1/1"), List.of("1/0"), 1_005));
    assertFalse("nor another stage's, once one waits", coordinator.rescale("read", 0, List.of("0/0"), List.of("0/0", "0/1"), 1_006));
    coordinator.acknowledge("0/0", 1, state(1, "0-0"), 1, 1_010);
    coordinator.acknowledge("1/0", 1, state(1, "1-0"), 1, 1_010);
    assertTrue("the old pool's shape", storage.manifest(1).shape().endsWith("stage 1 'count' parallelism 2"));

    List<String> newPool = List.of("1/0", "1/1", "1/2");
    assertEquals("the waiting rescale holds the next checkpoint back", 0, coordinator.tick(1_200));
    assertTrue(coordinator.rescale("count", 1, List.of("1/0", "1/1"), newPool, 1_300));
    assertFalse("one rescale at a time", coordinator.rescale("read", 0, List.of("0/0"), List.of("0/0", "0/1"), 1_300));
    assertEquals("no checkpoint while the pools change", 0, coordinator.tick(2_000));
    coordinator.retired("1/0");
    assertEquals(0, coordinator.tick(2_000));
    coordinator.register("1/0");
    coordinator.register("1/1");
    assertEquals("the new pool has not all registered", 0, coordinator.tick(2_000));
    coordinator.register("1/2");
    assertEquals(2, coordinator.tick(2_000));
    for (String worker : List.of("0/0", "1/0", "1/1", "1/2")) {
      coordinator.acknowledge(worker, 2, state(2, worker.replace('/', '-')), 1, 2_010);
    }
    CheckpointManifest after = storage.manifest(2);
    assertTrue("the new pool's shape", after.shape().endsWith("stage 1 'count' parallelism 3"));
    assertTrue("the old pool's ended worker is gone", after.finished().isEmpty());
    assertEquals(4, after.states().size());
  }
}
