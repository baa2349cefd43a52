package io.solstice.engine.payload;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import org.junit.Test;

/** An executor holds a payload until each of its readers has taken it. */
public class PayloadHolderTest {

  @Test
  public void dropsAPayloadWhenItsLastReaderTakesIt() {
    PayloadHolder holder = new PayloadHolder();
    byte[] data = new byte[100_000];
    data[7] = 42;
    long id = holder.put(data, 2);
    assertEquals(1, holder.liveCount());
    assertEquals(100_000, holder.liveBytes());
    assertArrayEquals(data, holder.take(id));
    assertEquals("one reader left", 1, holder.liveCount());
    assertEquals(42, holder.take(id)[7]);
    assertEquals(0, holder.liveCount());
    assertEquals(0, holder.liveBytes());
    assertThrows(IllegalStateException.class, () -> holder.take(id));
  }

  @Test
  public void clearDropsEverything() {
    PayloadHolder holder = new PayloadHolder();
    holder.put(new byte[10], 1);
    holder.put(new byte[20], 3);
    holder.clear();
    assertEquals(0, holder.liveCount());
    assertEquals(0, holder.liveBytes());
  }

  @Test
  public void aPayloadNeedsAReader() {
    assertThrows(IllegalArgumentException.class, () -> new PayloadHolder().put(new byte[1], 0));
  }
}
