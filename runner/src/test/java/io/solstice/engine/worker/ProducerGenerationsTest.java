package io.solstice.engine.worker;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

public class ProducerGenerationsTest {
  @Test
  public void aPartitionSwitchesOnceEveryOldProducerRetiredOrEnded() {
    ProducerGenerations generations = new ProducerGenerations(new int[] {2}, new int[] {3});
    assertEquals(-1, generations.retired(0, 0, 0, 5));
    assertEquals("a new producer ahead of the switch is not a leaving one", -1, generations.ended(0, 0, 4));
    assertEquals(-1, generations.ended(0, 0, 1));
    assertEquals(5, generations.retired(0, 0, 2, 5));
    assertEquals(5, generations.active(0, 0));
    assertEquals("the other partition still has its three", 3, generations.active(0, 1));
  }

  @Test
  public void endsAloneAreTheEndOfTheInputNotARescale() {
    ProducerGenerations generations = new ProducerGenerations(new int[] {1}, new int[] {2});
    assertEquals(-1, generations.ended(0, 0, 0));
    assertEquals(-1, generations.ended(0, 0, 1));
    assertEquals(2, generations.active(0, 0));
  }

  @Test
  public void aNextProducersRecordBeforeTheSwitchIsKnownAsSuch() {
    ProducerGenerations generations = new ProducerGenerations(new int[] {1}, new int[] {2});
    assertFalse("no rescale yet", generations.fromNext(0, 0, 0));
    generations.retired(0, 0, 0, 3);
    assertTrue("its old namesake retired", generations.fromNext(0, 0, 0));
    assertFalse("still an old producer", generations.fromNext(0, 0, 1));
    assertTrue("beyond the old ones", generations.fromNext(0, 0, 2));
    generations.retired(0, 0, 1, 3);
    assertFalse("switched", generations.fromNext(0, 0, 2));
  }
}
