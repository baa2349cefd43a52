package io.solstice.engine.coordinator;

import static org.junit.Assert.assertEquals;

import org.junit.Test;

public class CheckpointCoordinatorTest {
  private final CheckpointCoordinator coordinator = new CheckpointCoordinator("job", 3, 100);

  private void registerAll() {
    coordinator.register("a");
    coordinator.register("b");
    coordinator.register("c");
  }

  @Test
  public void startsOnlyOnceEveryWorkerHasRegistered() {
    coordinator.register("a");
    coordinator.register("b");
    assertEquals(0, coordinator.tick(1_000));
    coordinator.register("c");
    assertEquals(1, coordinator.tick(1_000));
  }

  @Test
  public void completesWhenEveryRunningWorkerHasAlignedAndWaitsForTheIntervalBeforeTheNext() {
    registerAll();
    assertEquals(1, coordinator.tick(1_000));
    coordinator.aligned("a", 1, 1_010);
    coordinator.aligned("b", 1, 1_020);
    assertEquals(0, coordinator.completedCount());
    assertEquals("one checkpoint in flight at a time", 0, coordinator.tick(2_000));
    coordinator.finished("c", 2_010);
    assertEquals(1, coordinator.completedCount());
    assertEquals(1, coordinator.lastCompleted());
    assertEquals(2, coordinator.tick(2_020));
    coordinator.aligned("a", 2, 2_030);
    coordinator.aligned("b", 2, 2_040);
    assertEquals("a finished worker is not waited for", 2, coordinator.completedCount());
    assertEquals("the next one waits for the interval", 0, coordinator.tick(2_050));
    assertEquals(3, coordinator.tick(2_120));
  }

  @Test
  public void anAcknowledgementOfAnotherCheckpointCountsForNothing() {
    registerAll();
    assertEquals(1, coordinator.tick(1_000));
    coordinator.aligned("a", 7, 1_001);
    coordinator.aligned("b", 1, 1_002);
    coordinator.aligned("c", 1, 1_003);
    assertEquals(0, coordinator.completedCount());
    coordinator.aligned("a", 1, 1_004);
    assertEquals(1, coordinator.completedCount());
  }

  @Test
  public void anIntervalOfZeroTakesNoCheckpoint() {
    CheckpointCoordinator off = new CheckpointCoordinator("job", 1, 0);
    off.register("a");
    assertEquals(0, off.tick(1_000_000));
  }
}
