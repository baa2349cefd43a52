package io.solstice.engine.worker;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.Test;

public class BarrierAlignerTest {
  // One input with one owned partition written by two producers, and one with two partitions and
  // one producer: three channels in all.
  private final BarrierAligner<String> aligner = new BarrierAligner<>(new int[] {1, 2}, new int[] {2, 1});
  private final List<String> released = new ArrayList<>();

  @Test
  public void holdsWhatComesAfterABarrierUntilEveryChannelHasDeliveredIt() {
    assertTrue(aligner.admit(0, 0, 0, "a"));
    aligner.barrier(0, 0, 0, 1);
    assertEquals(1, aligner.aligning());
    assertFalse("after its barrier a channel waits", aligner.admit(0, 0, 0, "b"));
    assertTrue("a channel without the barrier goes on", aligner.admit(0, 0, 1, "c"));
    aligner.barrier(0, 0, 1, 1);
    aligner.barrier(1, 0, 0, 1);
    assertFalse(aligner.admit(1, 0, 0, "d"));
    assertEquals(0, aligner.completeIfAligned(released));
    assertTrue(released.isEmpty());
    aligner.barrier(1, 1, 0, 1);
    assertEquals(1, aligner.completeIfAligned(released));
    assertEquals(List.of("b", "d"), released);
    assertEquals(0, aligner.aligning());
    assertTrue("after alignment nothing is held", aligner.admit(0, 0, 0, "e"));
  }

  @Test
  public void anEndedChannelDoesNotHoldACheckpointBack() {
    aligner.ended(0, 0, 1);
    aligner.ended(1, 0, 0);
    aligner.ended(1, 1, 0);
    aligner.barrier(0, 0, 0, 3);
    assertEquals(3, aligner.completeIfAligned(released));
  }

  @Test
  public void aWorkerWhoseInputsHaveAllEndedAlignsOnTheRequest() {
    aligner.ended(0, 0, 0);
    aligner.ended(0, 0, 1);
    aligner.ended(1, 0, 0);
    aligner.ended(1, 1, 0);
    assertEquals(0, aligner.completeIfAligned(released));
    aligner.requested(1);
    assertEquals(1, aligner.completeIfAligned(released));
    aligner.requested(1);
    assertEquals("a checkpoint aligns once", 0, aligner.completeIfAligned(released));
  }

  @Test
  public void aRequestAloneAlignsNothingWhileChannelsAreLive() {
    aligner.requested(1);
    assertTrue(aligner.admit(0, 0, 0, "x"));
    assertEquals(0, aligner.completeIfAligned(released));
  }

  @Test
  public void aNewerCheckpointsBarrierGivesTheOlderUpAndWhatItHeldComesFirst() {
    aligner.barrier(0, 0, 0, 1);
    assertFalse(aligner.admit(0, 0, 0, "after 1"));
    // The coordinator failed checkpoint 1 elsewhere; checkpoint 2's barrier arrives.
    assertTrue(aligner.supersedes(2));
    aligner.abandon();
    assertEquals(0, aligner.aligning());
    aligner.takeAbandoned(released);
    assertEquals("what checkpoint 1 held comes before checkpoint 2's barrier", List.of("after 1"), released);
    assertTrue("processed again, it is admitted", aligner.admit(0, 0, 0, "after 1"));
    aligner.barrier(0, 0, 1, 2);
    assertEquals(2, aligner.aligning());
    assertFalse(aligner.supersedes(1));
    aligner.barrier(1, 0, 0, 1);
    assertEquals("a late barrier of the older one does not bring it back", 2, aligner.aligning());
    assertTrue(aligner.admit(1, 0, 0, "still before 2"));
    assertFalse(aligner.admit(0, 0, 1, "after 2"));
  }

  @Test
  public void aNewerRequestGivesTheOlderUpToo() {
    aligner.barrier(0, 0, 0, 1);
    assertFalse(aligner.admit(0, 0, 0, "after 1"));
    aligner.requested(2);
    assertEquals(2, aligner.aligning());
    assertTrue(aligner.hasAbandoned());
    aligner.takeAbandoned(released);
    assertEquals(List.of("after 1"), released);
    assertTrue("its channel has not delivered barrier 2", aligner.admit(0, 0, 0, "after 1"));
  }
}
