package io.solstice.engine.fault;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.Test;

public class FaultPlanTest {
  private static final Map<String, Integer> STAGES = new LinkedHashMap<>();

  static {
    STAGES.put("Read/Impulse (+3 fused)", 1);
    STAGES.put("Read/ProcessKeyedElements (+2 fused)", 2);
    STAGES.put("KeepTotals/ParMultiDo(KeepTotals) (+1 fused)", 2);
  }

  @Test
  public void readsWhatItWrites() {
    FaultPlan plan = FaultPlan.parse("MID_BUNDLE:KeepTotals:1:5:1; STAGE_MASTER:ProcessKeyed:0:3:2");
    assertEquals(
        List.of(
            new Fault(FaultPoint.MID_BUNDLE, "KeepTotals", 1, 5, 1),
            new Fault(FaultPoint.STAGE_MASTER, "ProcessKeyed", 0, 3, 2)),
        plan.faults());
    assertEquals(plan.faults(), FaultPlan.parse(plan.toString()).faults());
    assertEquals(List.of(plan.faults().get(1)), plan.forAttempt(2).faults());
    assertTrue(FaultPlan.parse(" ").isEmpty());
  }

  @Test
  public void refusesWhatItCannotRead() {
    assertThat(
        assertThrows(IllegalArgumentException.class, () -> FaultPlan.parse("MID_BUNDLE:KeepTotals:1")).getMessage(),
        containsString("point:stage:worker:hit:attempt"));
    assertThat(
        assertThrows(IllegalArgumentException.class, () -> FaultPlan.parse("SOMEWHERE:KeepTotals:1:1:1")).getMessage(),
        containsString("SOMEWHERE"));
    assertThrows(IllegalArgumentException.class, () -> FaultPlan.parse("MID_BUNDLE:KeepTotals:1:0:1"));
  }

  @Test
  public void aFaultMustNameOneStageAndAWorkerItHas() {
    FaultPlan.parse("ALIGNING:KeepTotals:1:1:1").check(STAGES);
    assertThat(
        assertThrows(IllegalArgumentException.class, () -> FaultPlan.parse("ALIGNING:Read:0:1:1").check(STAGES)).getMessage(),
        containsString("exactly one stage"));
    assertThat(
        assertThrows(IllegalArgumentException.class, () -> FaultPlan.parse("ALIGNING:Nowhere:0:1:1").check(STAGES)).getMessage(),
        containsString("none"));
    assertThat(
        assertThrows(IllegalArgumentException.class, () -> FaultPlan.parse("ALIGNING:Impulse:1:1:1").check(STAGES)).getMessage(),
        containsString("has 1"));
  }

  @Test
  public void aRoleDiesTheNthTimeItReachesItsPoint() {
    FaultPlan plan = FaultPlan.parse("MID_BUNDLE:KeepTotals:1:3:1;STAGE_MASTER:KeepTotals:0:1:1");
    String stage = "KeepTotals/ParMultiDo(KeepTotals) (+1 fused)";
    FaultInjector other = plan.injector(stage, 0, false);
    for (int i = 0; i < 5; i++) {
      other.reached(FaultPoint.MID_BUNDLE);
    }
    FaultInjector worker = plan.injector(stage, 1, false);
    worker.reached(FaultPoint.MID_BUNDLE);
    worker.reached(FaultPoint.ALIGNING);
    worker.reached(FaultPoint.MID_BUNDLE);
    worker.checkAlive();
    assertFalse(worker.crashed());
    InjectedCrash crash = assertThrows(InjectedCrash.class, () -> worker.reached(FaultPoint.MID_BUNDLE));
    assertThat(crash.getMessage(), containsString("worker 1 dies at MID_BUNDLE #3"));
    assertTrue(worker.crashed());
    assertThrows("another thread of the role learns it died", InjectedCrash.class, worker::checkAlive);
    assertThrows(InjectedCrash.class, () -> plan.injector(stage, -1, false).reached(FaultPoint.STAGE_MASTER));
  }

  @Test
  public void randomFaultsComeFromTheStagesAndWorkersGiven() {
    Random random = new Random(7);
    for (int i = 0; i < 200; i++) {
      Fault fault = FaultPlan.random(random, STAGES, 10);
      assertTrue(fault.toString(), fault.worker() < STAGES.get(fault.stage()));
      assertTrue(fault.toString(), fault.hit() >= 1 && fault.hit() <= 20);
      new FaultPlan(List.of(fault)).check(STAGES);
    }
  }
}
