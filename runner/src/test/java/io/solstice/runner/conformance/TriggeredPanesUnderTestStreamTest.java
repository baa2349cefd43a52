package io.solstice.runner.conformance;

import io.solstice.runner.testing.DifferentialRun;
import java.io.IOException;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.testing.TestStream;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Sum;
import org.apache.beam.sdk.transforms.windowing.AfterPane;
import org.apache.beam.sdk.transforms.windowing.AfterProcessingTime;
import org.apache.beam.sdk.transforms.windowing.AfterWatermark;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.FixedWindows;
import org.apache.beam.sdk.transforms.windowing.GlobalWindows;
import org.apache.beam.sdk.transforms.windowing.Repeatedly;
import org.apache.beam.sdk.transforms.windowing.Sessions;
import org.apache.beam.sdk.transforms.windowing.WindowFn;
import org.apache.beam.sdk.transforms.windowing.PaneInfo;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TimestampedValue;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Early processing-time panes, on-time panes and late count panes of a TestStream-driven job are
 * the same panes, with the same contents, as DirectRunner's: no extra empty pane.
 */
public class TriggeredPanesUnderTestStreamTest {
  private static final Duration WINDOW = Duration.standardMinutes(20);
  private static final Duration EARLY_DELAY = Duration.standardMinutes(5);
  private static final Duration LATENESS = Duration.standardMinutes(30);
  private static final Instant BASE = new Instant(0);

  @Rule public final TemporaryFolder folder = new TemporaryFolder();

  private static TimestampedValue<KV<String, Integer>> event(String key, int value, Duration at) {
    return TimestampedValue.of(KV.of(key, value), BASE.plus(at));
  }

  private static Duration minutes(int m) {
    return Duration.standardMinutes(m);
  }

  /** Pane contents, key, window and timing, as one line. */
  static final class FormatPane extends DoFn<KV<String, Integer>, String> {
    @ProcessElement
    public void process(
        @Element KV<String, Integer> sum, BoundedWindow window, PaneInfo pane, OutputReceiver<String> out) {
      out.output(
          String.format(
              "%s %s %s#%d first=%s last=%s sum=%d",
              sum.getKey(), window, pane.getTiming(), pane.getIndex(), pane.isFirst(), pane.isLast(), sum.getValue()));
    }
  }

  private static Window<KV<String, Integer>> earlyAndLate(WindowFn<Object, ?> windowFn) {
    return Window.<KV<String, Integer>>into(windowFn)
        .triggering(
            AfterWatermark.pastEndOfWindow()
                .withEarlyFirings(AfterProcessingTime.pastFirstElementInPane().plusDelayOf(EARLY_DELAY))
                .withLateFirings(AfterPane.elementCountAtLeast(1)))
        .withAllowedLateness(LATENESS);
  }

  private static PCollection<String> sums(
      Pipeline pipeline, TestStream<KV<String, Integer>> stream, Window<KV<String, Integer>> window) {
    return pipeline
        .apply(stream)
        .apply(window)
        .apply(Sum.integersPerKey())
        .apply(ParDo.of(new FormatPane()));
  }

  private static PCollection<String> sums(
      Pipeline pipeline, TestStream<KV<String, Integer>> stream, boolean discarding) {
    Window<KV<String, Integer>> window = earlyAndLate(FixedWindows.of(WINDOW));
    return sums(pipeline, stream, discarding ? window.discardingFiredPanes() : window.accumulatingFiredPanes());
  }

  private static TestStream.Builder<KV<String, Integer>> builder() {
    return TestStream.create(KvCoder.of(StringUtf8Coder.of(), VarIntCoder.of())).advanceWatermarkTo(BASE);
  }

  /** Early panes fire after the delay; later elements start a new early pane; then on time, late. */
  private static TestStream<KV<String, Integer>> earlyOnTimeAndLate() {
    return builder()
        .addElements(event("red", 3, minutes(1)), event("blue", 5, minutes(2)))
        .advanceProcessingTime(minutes(6))
        .addElements(event("red", 4, minutes(3)))
        .advanceProcessingTime(minutes(6))
        .addElements(event("blue", 2, minutes(8)), event("red", 1, minutes(25)))
        .advanceWatermarkTo(BASE.plus(minutes(21)))
        .advanceProcessingTime(minutes(6))
        .addElements(event("red", 10, minutes(4)), event("red", 20, minutes(22)))
        .advanceWatermarkTo(BASE.plus(minutes(45)))
        .addElements(event("blue", 7, minutes(10)))
        .advanceProcessingTime(minutes(10))
        .advanceWatermarkToInfinity();
  }

  /** Processing time moves several times with no new element in the pane. */
  private static TestStream<KV<String, Integer>> idleProcessingTime() {
    return builder()
        .addElements(event("red", 1, minutes(1)))
        .advanceProcessingTime(minutes(6))
        .advanceProcessingTime(minutes(6))
        .advanceProcessingTime(minutes(6))
        .addElements(event("red", 2, minutes(2)), event("green", 9, minutes(30)))
        .advanceProcessingTime(minutes(2))
        .advanceProcessingTime(minutes(4))
        .advanceWatermarkTo(BASE.plus(minutes(25)))
        .advanceProcessingTime(minutes(6))
        .addElements(event("red", 5, minutes(5)))
        .advanceProcessingTime(minutes(6))
        .advanceWatermarkToInfinity();
  }

  @Test
  public void discardingPanesThatCloseEvenWhenEmpty() throws IOException {
    Window<KV<String, Integer>> window =
        earlyAndLate(FixedWindows.of(WINDOW))
            .discardingFiredPanes()
            .withAllowedLateness(LATENESS, Window.ClosingBehavior.FIRE_ALWAYS)
            .withOnTimeBehavior(Window.OnTimeBehavior.FIRE_IF_NON_EMPTY);
    DifferentialRun.assertSameAsDirect(folder.getRoot().toPath(), p -> sums(p, earlyOnTimeAndLate(), window));
  }

  @Test
  public void accumulatingSessionsWithEarlyPanes() throws IOException {
    Window<KV<String, Integer>> window =
        earlyAndLate(Sessions.withGapDuration(Duration.standardMinutes(4))).accumulatingFiredPanes();
    DifferentialRun.assertSameAsDirect(folder.getRoot().toPath(), p -> sums(p, earlyOnTimeAndLate(), window));
  }

  @Test
  public void repeatedProcessingTimePanesInTheGlobalWindow() throws IOException {
    Window<KV<String, Integer>> window =
        Window.<KV<String, Integer>>into(new GlobalWindows())
            .triggering(
                Repeatedly.forever(AfterProcessingTime.pastFirstElementInPane().plusDelayOf(EARLY_DELAY)))
            .withAllowedLateness(Duration.ZERO)
            .discardingFiredPanes();
    DifferentialRun.assertSameAsDirect(folder.getRoot().toPath(), p -> sums(p, idleProcessingTime(), window));
  }

  @Test
  public void discardingEarlyOnTimeAndLatePanes() throws IOException {
    DifferentialRun.assertSameAsDirect(folder.getRoot().toPath(), p -> sums(p, earlyOnTimeAndLate(), true));
  }

  @Test
  public void accumulatingEarlyOnTimeAndLatePanes() throws IOException {
    DifferentialRun.assertSameAsDirect(folder.getRoot().toPath(), p -> sums(p, earlyOnTimeAndLate(), false));
  }

  @Test
  public void discardingPanesWhileProcessingTimeMovesWithoutElements() throws IOException {
    DifferentialRun.assertSameAsDirect(folder.getRoot().toPath(), p -> sums(p, idleProcessingTime(), true));
  }
}
