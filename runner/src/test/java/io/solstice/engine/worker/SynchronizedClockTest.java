package io.solstice.engine.worker;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.solstice.engine.operator.Watermarks;
import io.solstice.engine.queue.SplitMessage;
import org.junit.Test;

/**
 * Synchronized processing time stays where it was while upstream output is ahead of what the
 * operator knows: data ahead of the delivered watermark, or a bundle still arriving.
 */
public class SynchronizedClockTest {
  /** One input, one partition, two producers. */
  private final SynchronizedClock clock = new SynchronizedClock(new int[] {1}, new int[] {2});

  private static SplitMessage data(int producer, long watermark) {
    return SplitMessage.inline(producer, watermark, 1, new byte[] {1});
  }

  @Test
  public void followsTheClockWhileDataIsNotAheadOfTheWatermark() {
    clock.watermarkDelivered(0, 100);
    clock.arrived(0, 0, data(0, 100), 1_000);
    clock.settle();
    assertEquals(2_000, clock.now(2_000));
    assertFalse(clock.held(3_000));
  }

  @Test
  public void dataAheadOfTheDeliveredWatermarkHoldsTheTimeUntilTheOperatorLearnsIt() {
    clock.arrived(0, 0, data(0, 500), 1_000);
    clock.settle();
    assertEquals(1_000, clock.now(5_000));
    assertTrue(clock.held(5_000));
    clock.watermarkDelivered(0, 499);
    clock.settle();
    assertEquals(1_000, clock.now(6_000));
    clock.watermarkDelivered(0, 500);
    // Nothing moves before the holds are settled: after the poll, once watermarks are delivered.
    assertEquals(1_000, clock.now(6_000));
    clock.settle();
    assertEquals(7_000, clock.now(7_000));
  }

  @Test
  public void anotherProducersWatermarkAnnouncedButNotDeliveredDoesNotRelease() {
    // Producer 1 announces the end, then producer 0's on-time pane with the end arrives in the same
    // poll: the operator has not been told the end yet, so the pane holds the time.
    clock.arrived(0, 0, SplitMessage.watermark(1, Watermarks.END), 1_000);
    clock.arrived(0, 0, data(0, Watermarks.END), 1_000);
    assertEquals(1_000, clock.now(2_000));
    clock.watermarkDelivered(0, Watermarks.END);
    clock.settle();
    assertEquals(2_000, clock.now(2_000));
  }

  @Test
  public void everyOtherProducerSendingSinceReleasesAHoldTheWatermarkNeverReaches() {
    clock.arrived(0, 0, data(0, Watermarks.END), 1_000);
    clock.settle();
    assertEquals(1_000, clock.now(3_000));
    // The producer's own later messages say nothing about the others.
    clock.arrived(0, 0, SplitMessage.watermark(0, Watermarks.END), 1_000);
    clock.settle();
    assertEquals(1_000, clock.now(3_000));
    clock.arrived(0, 0, data(1, 200), 1_000);
    clock.settle();
    assertEquals(3_000, clock.now(3_000));
  }

  @Test
  public void aBundleStillArrivingHoldsTheTimeUntilItsLastMessage() {
    clock.watermarkDelivered(0, 100);
    clock.arrived(0, 0, data(1, 100).bundleContinuing(), 1_000);
    clock.arrived(0, 0, data(1, 100).bundleContinuing(), 2_000);
    // Another producer's last message ends nothing of producer 1's.
    clock.arrived(0, 0, data(0, 100), 3_000);
    clock.settle();
    assertEquals(1_000, clock.now(5_000));
    clock.arrived(0, 0, SplitMessage.watermark(1, 100), 4_000);
    assertEquals(5_000, clock.now(5_000));
  }

  @Test
  public void theEarliestHoldDecidesAndAskingMovesNothing() {
    SynchronizedClock twoInputs = new SynchronizedClock(new int[] {1, 1}, new int[] {2, 2});
    assertEquals(5_000, twoInputs.now(5_000));
    // The operator was told 4,000 when its bundle opened; the data it processes holds it there.
    twoInputs.arrived(1, 0, data(0, 500), 4_000);
    twoInputs.arrived(0, 0, data(0, 500), 4_500);
    assertEquals(4_000, twoInputs.now(6_000));
    twoInputs.watermarkDelivered(1, 500);
    twoInputs.settle();
    assertEquals(4_500, twoInputs.now(6_000));
  }
}
