package io.solstice.engine.queue;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.solstice.engine.payload.PayloadRef;
import org.junit.Test;

public class SplitMessageTest {

  @Test
  public void inlineMessageSurvivesTheWireFormatWithoutCopyingItsData() {
    byte[] data = {1, 2, 3};
    SplitMessage message = SplitMessage.inline(3, 1234L, 7, data);
    SplitMessage back = SplitMessage.fromWire(message.header(), message.inlineData());
    assertEquals(SplitMessage.Kind.DATA, back.kind());
    assertEquals(3, back.producer());
    assertEquals(1234L, back.watermark());
    assertEquals(7, back.elementCount());
    assertSame(data, back.inlineData());
  }

  @Test
  public void aSplitItsBundleContinuesAfterSaysSoOnTheWire() {
    byte[] data = {1};
    SplitMessage continuing = SplitMessage.inline(3, 5L, 1, data).bundleContinuing();
    SplitMessage back = SplitMessage.fromWire(continuing.header(), continuing.inlineData());
    assertTrue(back.bundleContinues());
    assertEquals(SplitMessage.Kind.DATA, back.kind());
    assertEquals(5L, back.watermark());
    SplitMessage stored = SplitMessage.stored(1, 5L, 9, new PayloadRef(3, 42L, 1000)).bundleContinuing();
    assertTrue(SplitMessage.fromWire(stored.header(), null).bundleContinues());
    assertFalse(SplitMessage.fromWire(SplitMessage.inline(3, 5L, 1, data).header(), data).bundleContinues());
    assertThrows(IllegalStateException.class, () -> SplitMessage.watermark(1, 5L).bundleContinuing());
  }

  @Test
  public void storedAndWatermarkMessagesSurviveTheWireFormat() {
    SplitMessage stored = SplitMessage.fromWire(SplitMessage.stored(1, 5L, 9, new PayloadRef(3, 42L, 1000)).header(), null);
    assertEquals(3, stored.payload().executor());
    assertEquals(42L, stored.payload().id());
    assertEquals(1000, stored.payload().size());
    assertNull(stored.inlineData());
    SplitMessage watermark = SplitMessage.fromWire(SplitMessage.watermark(2, 99L).header(), null);
    assertEquals(SplitMessage.Kind.WATERMARK, watermark.kind());
    assertEquals(99L, watermark.watermark());
  }

  @Test
  public void barrierSurvivesTheWireFormatWithItsCheckpointAndWatermark() {
    SplitMessage barrier = SplitMessage.fromWire(SplitMessage.barrier(4, 77L, 12L).header(), null);
    assertEquals(SplitMessage.Kind.BARRIER, barrier.kind());
    assertEquals(4, barrier.producer());
    assertEquals(77L, barrier.watermark());
    assertEquals(12L, barrier.checkpointId());
    assertEquals(0, barrier.elementCount());
    assertNull(barrier.inlineData());
    assertNull(barrier.payload());
  }

  @Test
  public void corruptWireFormatIsRejectedWithAMessage() {
    IllegalArgumentException truncated =
        assertThrows(IllegalArgumentException.class, () -> SplitMessage.fromWire(new byte[] {0, 1}, null));
    assertTrue(truncated.getMessage().contains("Corrupt split message"));
    IllegalArgumentException noHeader =
        assertThrows(IllegalArgumentException.class, () -> SplitMessage.fromWire(null, new byte[] {1}));
    assertTrue(noHeader.getMessage().contains("no header"));
    byte[] inlineHeader = SplitMessage.inline(0, 0, 1, new byte[1]).header();
    assertThrows(IllegalArgumentException.class, () -> SplitMessage.fromWire(inlineHeader, null));
  }
}
