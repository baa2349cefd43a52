package io.solstice.engine.coordinator;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.solstice.engine.control.ActivitySnapshot;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.Test;

/** Quiescence across executors, from their counters read in two rounds. */
public class QuiescenceDetectorTest {
  private static final long NOW = 1_000_000;

  /** Executors whose counters a test sets; each round reads them as they are then. */
  private static final class Executors implements Supplier<List<ActivitySnapshot>> {
    final long[] sent;
    final long[] handled;
    final Map<String, Long> needs = new HashMap<>();
    Runnable betweenRounds = () -> {};
    private int rounds;

    Executors(int n) {
      sent = new long[n];
      handled = new long[n];
    }

    @Override
    public List<ActivitySnapshot> get() {
      if (rounds++ % 2 == 1) {
        betweenRounds.run();
      }
      List<ActivitySnapshot> snapshots = new ArrayList<>();
      for (int i = 0; i < sent.length; i++) {
        snapshots.add(new ActivitySnapshot(sent[i], handled[i], i == 0 ? needs : Map.of()));
      }
      return snapshots;
    }
  }

  @Test
  public void quiescentOnlyOnceEverythingSentIsHandledWhereverItWasSentFrom() {
    QuiescenceDetector detector = new QuiescenceDetector();
    Executors executors = new Executors(2);
    assertTrue(detector.quiescent("stream", executors, () -> 0, NOW));
    executors.sent[0] = 3;
    executors.handled[1] = 2;
    assertFalse(detector.quiescent("stream", executors, () -> 0, NOW));
    executors.handled[1] = 3;
    assertTrue(detector.quiescent("stream", executors, () -> 0, NOW));
  }

  @Test
  public void theDriversSeedsCountAsSent() {
    QuiescenceDetector detector = new QuiescenceDetector();
    Executors executors = new Executors(1);
    assertFalse(detector.quiescent("stream", executors, () -> 2, NOW));
    executors.handled[0] = 2;
    assertTrue(detector.quiescent("stream", executors, () -> 2, NOW));
  }

  @Test
  public void aMessageSentAndHandledBetweenTheRoundsIsNotMistakenForQuiet() {
    QuiescenceDetector detector = new QuiescenceDetector();
    Executors executors = new Executors(2);
    // Round one reads handled before executor 0 sends a message; round two sees it sent, not handled.
    executors.betweenRounds = () -> executors.sent[0] = 1;
    assertFalse(detector.quiescent("stream", executors, () -> 0, NOW));
  }

  @Test
  public void aWorkerWithClockWorkDueBlocksQuiescenceButClockDriversDoNot() {
    QuiescenceDetector detector = new QuiescenceDetector();
    Executors executors = new Executors(1);
    executors.needs.put("window", NOW + 60_000);
    assertTrue(detector.quiescent("stream", executors, () -> 0, NOW));
    assertFalse("the window's timer is due", detector.quiescent("stream", executors, () -> 0, NOW + 60_000));
    executors.needs.put("window", Long.MAX_VALUE);
    executors.needs.put("other stream", Long.MIN_VALUE);
    assertFalse("'other stream' has not asked yet: it counts as a worker with work due",
        detector.quiescent("stream", executors, () -> 0, NOW));
    assertTrue(detector.quiescent("other stream", executors, () -> 0, NOW));
    assertTrue(detector.quiescent("stream", executors, () -> 0, NOW));
  }
}
