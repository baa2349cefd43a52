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
  private final BarrierAligner<String> aligner = new BarrierAligner<>(new int[] {1, 2}, new int[] {2, 1}, new boolean[] {false, false});
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
  public void aSeededInputNeverHoldsACheckpointBackAndItsSeedsAreNeverHeld() {
    // Input 0 is the driver's seeds (no barriers ever come on it), input 1 another stage's output.
    BarrierAligner<String> source = new BarrierAligner<>(new int[] {2, 1}, new int[] {1, 1}, new boolean[] {true, false});
    source.requested(1);
    assertEquals("the other input's channel has not delivered the barrier", 0, source.completeIfAligned(released));
    source.barrier(1, 0, 0, 1);
    assertTrue("seeds go on during the alignment", source.admit(0, 1, 0, "seed"));
    assertFalse(source.admit(1, 0, 0, "data"));
    assertEquals(1, source.completeIfAligned(released));
    assertEquals(List.of("data"), released);

    BarrierAligner<String> seedsOnly = new BarrierAligner<>(new int[] {2}, new int[] {1}, new boolean[] {true});
    seedsOnly.requested(3);
    assertEquals("a worker reading only seeds aligns on the request", 3, seedsOnly.completeIfAligned(released));
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

  @Test
  public void aRescaledUpstreamPoolSwitchesChannelsAfterItsCheckpoint() {
    // One partition that up to 3 producers can write; 1 writes it now, the others count as ended.
    BarrierAligner<String> reader = new BarrierAligner<>(new int[] {1}, new int[] {3}, new boolean[] {false});
    reader.switchProducers(0, 0, 1);
    reader.requested(4);
    reader.barrier(0, 0, 0, 4);
    assertFalse("the old producer's retirement, after its barrier", reader.admit(0, 0, 0, "retire"));
    assertEquals("the ended channels do not hold it back", 4, reader.completeIfAligned(released));
    assertEquals(List.of("retire"), released);

    reader.switchProducers(0, 0, 3);
    assertTrue(reader.admit(0, 0, 2, "after the switch"));
    reader.barrier(0, 0, 0, 5);
    reader.barrier(0, 0, 1, 5);
    assertEquals("producer 2 has not delivered checkpoint 5", 0, reader.completeIfAligned(released));
    reader.barrier(0, 0, 2, 5);
    assertEquals(5, reader.completeIfAligned(released));
  }
}
