package io.solstice.engine.worker;

import static org.junit.Assert.assertEquals;

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
}
