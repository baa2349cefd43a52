package io.solstice.engine.job;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

/** Quiescence and the manual clock that a TestStream drives. */
public class JobActivityTest {

  @Test
  public void quiescentOnlyOnceEverythingSentIsHandled() {
    JobActivity activity = new JobActivity(true);
    assertTrue(activity.quiescent("stream"));
    activity.sent(3);
    activity.handled(2);
    assertFalse(activity.quiescent("stream"));
    activity.handled(1);
    assertTrue(activity.quiescent("stream"));
  }

  @Test
  public void workerWithClockWorkDueBlocksQuiescenceUntilItRuns() {
    JobActivity activity = new JobActivity(true);
    long now = activity.now();
    activity.nextClockNeed("window", now + 60_000);
    assertTrue(activity.quiescent("stream"));
    activity.advanceClock(60_000);
    assertEquals(now + 60_000, activity.now());
    assertFalse("the window's timer is due", activity.quiescent("stream"));
    activity.nextClockNeed("window", Long.MAX_VALUE);
    assertTrue(activity.quiescent("stream"));
  }

  @Test
  public void clockDriversDoNotBlockEachOther() {
    JobActivity activity = new JobActivity(true);
    activity.nextClockNeed("first", Long.MIN_VALUE);
    activity.nextClockNeed("second", Long.MIN_VALUE);
    assertFalse("'second' has not asked yet, so it counts as a worker with work due", activity.quiescent("first"));
    assertTrue(activity.quiescent("second"));
    assertTrue(activity.quiescent("first"));
  }

  @Test
  public void systemClockCannotBeAdvanced() {
    JobActivity activity = new JobActivity(false);
    long before = System.currentTimeMillis();
    assertTrue(activity.now() >= before);
    assertThrows(IllegalStateException.class, () -> activity.advanceClock(1));
  }
}
