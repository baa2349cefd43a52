package io.solstice.engine.job;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.util.Map;
import org.junit.Test;

/** A checkpoint's shape matches a job's whatever their numbers of workers and partitions, and nothing else. */
public class JobShapeTest {
  private static String shape(int workers, int readers, String routing, int seeds) {
    return String.join(
        "\n",
        "key groups 128",
        "stage 0 'Read' parallelism " + readers,
        "stage 1 'Count' parallelism " + workers,
        "edge 0 from the driver to stage 0 FORWARD x" + readers,
        "seeds of edge 0: " + seeds,
        "edge 1 from stage 0 to stage 1 " + routing + " x" + workers,
        "edge 2 from stage 1 to stage 1 HASH x" + workers);
  }

  @Test
  public void numbersOfWorkersAndPartitionsMayDiffer() {
    assertNull(JobShape.difference(shape(2, 2, "FORWARD", 64), shape(3, 3, "FORWARD", 64)));
    // Stages of equal parallelism forward, of different deal: that follows from the numbers.
    assertNull(JobShape.difference(shape(2, 2, "FORWARD", 64), shape(3, 1, "REBALANCE", 64)));
  }

  @Test
  public void otherSeedsOrRoutingAreAnotherShape() {
    String seeds = JobShape.difference(shape(2, 2, "FORWARD", 64), shape(2, 2, "FORWARD", 63));
    assertNotNull(seeds);
    assertTrue(seeds, seeds.contains("seeds of edge 0: 64"));
    assertNotNull(JobShape.difference(shape(2, 2, "FORWARD", 64), shape(2, 2, "HASH", 64)));
    assertNotNull(JobShape.difference(shape(2, 2, "FORWARD", 64), shape(2, 2, "FORWARD", 64).replace("key groups 128", "key groups 64")));
  }

  @Test
  public void theCheckpointsNumbersAreReadBack() {
    String shape = shape(3, 1, "REBALANCE", 64);
    assertEquals(Map.of(0, 1, 1, 3), JobShape.stageWorkers(shape));
    assertEquals(Map.of(0, 1, 1, 3, 2, 3), JobShape.edgePartitions(shape));
  }

  @Test
  public void aCheckpointFromBeforeSeedCountsIsRecognised() {
    String before = shape(2, 2, "FORWARD", 64).replace("\nseeds of edge 0: 64", "");
    assertTrue(JobShape.predatesSeedCounts(before, shape(2, 2, "FORWARD", 64)));
    assertTrue(!JobShape.predatesSeedCounts(shape(2, 2, "FORWARD", 64), shape(3, 3, "FORWARD", 64)));
  }
}
