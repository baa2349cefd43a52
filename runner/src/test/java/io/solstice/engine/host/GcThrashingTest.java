package io.solstice.engine.host;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.Optional;
import org.junit.Test;

/** The spiral rule on made-up samples: a long share collecting and a full heap, over a whole window. */
public class GcThrashingTest {
  private static final long MB = 1 << 20;

  /** Samples every 500 ms for {@code seconds}, collecting {@code share} of the time. */
  private static Optional<String> run(GcThrashing rule, double seconds, double share, long heapAfterGc) {
    Optional<String> last = Optional.empty();
    long gc = 0;
    for (long t = 0; t <= seconds * 1000; t += 500) {
      last = rule.observe(t, gc, heapAfterGc, 100 * MB);
      gc += (long) (500 * share);
    }
    return last;
  }

  @Test
  public void aFullHeapCollectingMostOfTheTimeIsASpiral() {
    Optional<String> spiral = run(new GcThrashing(10_000, 0.5, 0.9), 12, 0.8, 95 * MB);
    assertTrue(spiral.isPresent());
    assertTrue(spiral.get(), spiral.get().contains("8.0 s of the last 10.0 s collecting garbage"));
    assertTrue(spiral.get(), spiral.get().contains("95% full (of 100 MB)"));
  }

  @Test
  public void aBusyCollectorWithRoomLeftIsNot() {
    assertEquals(Optional.empty(), run(new GcThrashing(10_000, 0.5, 0.9), 30, 0.9, 60 * MB));
  }

  @Test
  public void aFullHeapThatIsRarelyCollectedIsNot() {
    assertEquals(Optional.empty(), run(new GcThrashing(10_000, 0.5, 0.9), 30, 0.2, 99 * MB));
  }

  @Test
  public void nothingIsDecidedBeforeAWholeWindow() {
    assertEquals(Optional.empty(), run(new GcThrashing(10_000, 0.5, 0.9), 9.5, 1.0, 99 * MB));
  }

  @Test
  public void onlyTheLastWindowCounts() {
    GcThrashing rule = new GcThrashing(10_000, 0.5, 0.9);
    // A minute of calm, then 12 s of spiral: the calm minute must not dilute the share.
    long gc = 0;
    for (long t = 0; t <= 60_000; t += 500) {
      assertEquals(Optional.empty(), rule.observe(t, gc, 95 * MB, 100 * MB));
      gc += 50;
    }
    Optional<String> last = Optional.empty();
    for (long t = 60_500; t <= 72_000; t += 500) {
      gc += 450;
      last = rule.observe(t, gc, 95 * MB, 100 * MB);
    }
    assertTrue(last.isPresent());
  }
}
