package io.solstice.engine.worker;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotSame;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

/** A split buffer hands out exact splits and does not keep an array a huge element grew. */
public class SplitBufferTest {

  @Test
  public void handsOutExactlyWhatWasWritten() {
    SplitBuffer buffer = new SplitBuffer(4, 16);
    buffer.write(new byte[] {1, 2, 3}, 0, 3);
    buffer.elementWritten();
    buffer.write(9);
    buffer.elementWritten();
    assertEquals(2, buffer.elements());
    assertArrayEquals(new byte[] {1, 2, 3, 9}, buffer.take());
    assertTrue(buffer.isEmpty());
    assertEquals(0, buffer.size());
    buffer.write(7);
    buffer.elementWritten();
    assertArrayEquals(new byte[] {7}, buffer.take());
  }

  @Test
  public void aSplitThatFillsTheArrayIsHandedOutWithoutACopyAndNotReused() {
    SplitBuffer buffer = new SplitBuffer(4, 16);
    buffer.write(new byte[] {1, 2, 3, 4}, 0, 4);
    buffer.elementWritten();
    byte[] first = buffer.take();
    buffer.write(new byte[] {5, 6, 7, 8}, 0, 4);
    buffer.elementWritten();
    byte[] second = buffer.take();
    assertNotSame(first, second);
    assertArrayEquals(new byte[] {1, 2, 3, 4}, first);
  }

  @Test
  public void anArrayGrownPastTheRetainedCapacityIsDropped() {
    SplitBuffer buffer = new SplitBuffer(4, 16);
    buffer.write(new byte[100], 0, 100);
    buffer.elementWritten();
    assertEquals(100, buffer.take().length);
    // Writing again starts from the initial array: 5 bytes make it grow once more, to 8.
    buffer.write(new byte[] {1, 2, 3, 4, 5}, 0, 5);
    buffer.elementWritten();
    assertArrayEquals(new byte[] {1, 2, 3, 4, 5}, buffer.take());
  }
}
