package io.solstice.engine.master;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import io.solstice.engine.AutoscalePolicy;
import io.solstice.engine.control.MemoryUse;
import io.solstice.engine.control.WorkerProgress;
import java.util.ArrayList;
import java.util.List;
import org.junit.Test;

public class PoolAutoscalerTest {
  private static final AutoscalePolicy POLICY = new AutoscalePolicy(1_000, 5_000, 8, 0.3);

  /** {@code workers} workers with {@code backlog} splits waiting in all, idle for {@code idleMillis} each so far. */
  private static List<WorkerProgress> pool(int workers, long backlog, long idleMillis) {
    List<WorkerProgress> progress = new ArrayList<>();
    for (int i = 0; i < workers; i++) {
      progress.add(
          new WorkerProgress(
              0, i, "RUNNING", 0, 0, 0, 0, 0, 0, 0, idleMillis, 0, i == 0 ? backlog : 0, 0, 0, new MemoryUse(0, 0, 0)));
    }
    return progress;
  }

  @Test
  public void growsWhileTheBacklogDoesNotDrainAndNotPastItsMost() {
    PoolAutoscaler autoscaler = new PoolAutoscaler(POLICY, 1, 3, 0);
    assertNull("a first sample only sets the base", autoscaler.decide(6_000, 1, pool(1, 20, 0)));
    PoolAutoscaler.Decision up = autoscaler.decide(7_000, 1, pool(1, 30, 0));
    assertEquals(2, up.workers());
    assertTrue(up.reason(), up.reason().contains("backlog 30 splits (20 before)"));
    autoscaler.rescaled(7_000);
    assertNull("in the cooldown", autoscaler.decide(8_000, 2, pool(2, 50, 0)));
    assertEquals(
        "after it, against the pool's sample in it; doubling, but no more than the most",
        3,
        autoscaler.decide(12_500, 2, pool(2, 50, 0)).workers());
  }

  @Test
  public void aDrainingBacklogOrOneOfAFewSplitsKeepsThePool() {
    PoolAutoscaler autoscaler = new PoolAutoscaler(POLICY, 1, 4, 0);
    autoscaler.decide(6_000, 2, pool(2, 40, 0));
    assertNull("draining", autoscaler.decide(7_000, 2, pool(2, 30, 0)));
    assertNull("below 8 a worker", autoscaler.decide(8_000, 2, pool(2, 12, 0)));
  }

  @Test
  public void shrinksWhileMostlyIdleAndNotBelowItsLeast() {
    PoolAutoscaler autoscaler = new PoolAutoscaler(POLICY, 2, 8, 0);
    autoscaler.decide(6_000, 8, pool(8, 0, 0));
    // Idle 900 of every 1,000 ms: 10 % busy.
    PoolAutoscaler.Decision down = autoscaler.decide(7_000, 8, pool(8, 0, 900));
    assertEquals(4, down.workers());
    assertTrue(down.reason(), down.reason().contains("busy 10 %"));
    autoscaler.rescaled(7_000);
    autoscaler.decide(12_100, 4, pool(4, 0, 0));
    assertEquals(2, autoscaler.decide(13_100, 4, pool(4, 0, 950)).workers());
    autoscaler.rescaled(13_100);
    autoscaler.decide(18_200, 2, pool(2, 0, 0));
    assertNull("at its least", autoscaler.decide(19_200, 2, pool(2, 0, 1_000)));
  }

  @Test
  public void aSaturatedPoolWithInputWaitingGrowsBelowTheBacklogLevel() {
    PoolAutoscaler autoscaler = new PoolAutoscaler(POLICY, 1, 4, 0);
    autoscaler.decide(6_000, 2, pool(2, 6, 0));
    PoolAutoscaler.Decision up = autoscaler.decide(7_000, 2, pool(2, 6, 50));
    assertEquals(4, up.workers());
    assertTrue(up.reason(), up.reason().startsWith("workers are saturated"));
  }

  @Test
  public void aBusyPoolIsKept() {
    PoolAutoscaler autoscaler = new PoolAutoscaler(POLICY, 1, 4, 0);
    autoscaler.decide(6_000, 2, pool(2, 0, 0));
    assertNull("busy half the time", autoscaler.decide(7_000, 2, pool(2, 0, 500)));
  }
}
