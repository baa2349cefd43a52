package io.solstice.runner.conformance;

import io.solstice.runner.testing.DifferentialRun;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.testing.TestStream;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Filter;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Values;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.transforms.Wait;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.transforms.windowing.AfterPane;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.FixedWindows;
import org.apache.beam.sdk.transforms.windowing.Never;
import org.apache.beam.sdk.transforms.windowing.Repeatedly;
import org.apache.beam.sdk.transforms.windowing.SlidingWindows;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.transforms.windowing.WindowFn;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TimestampedValue;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * {@code Wait.on(signal)} with a signal windowed differently from the main input: a main element
 * is released only once the signal window it maps to is complete, late signal elements included.
 * Each released element is written with the signal elements of that window, read as a side input
 * that, like Wait's own, fires only when the window expires; so the output shows when an element
 * was released, and must equal DirectRunner's.
 */
public class WaitOnSignalTest {
  private static final long SIGNAL_OFFSET = 1_000;
  private static final Duration SPAN = Duration.standardMinutes(1);
  private static final Duration LATENESS = Duration.standardSeconds(15);
  private static final WindowFn<Object, ?> MAIN_WINDOWS = FixedWindows.of(Duration.standardSeconds(15));

  @Rule public final TemporaryFolder folder = new TemporaryFolder();

  /**
   * One stream of main elements (values below {@link #SIGNAL_OFFSET}) and signal elements, with
   * watermark steps and elements up to {@link #LATENESS} behind the watermark (signal elements at
   * least 40% of it): a fixed seed, so
   * both runners see the same events.
   */
  private static TestStream<Long> mainAndSignal(long seed, int elements) {
    Random random = new Random(seed);
    List<Long> watermarks = new ArrayList<>();
    for (int i = 0; i < elements; i++) {
      watermarks.add((long) (random.nextDouble() * SPAN.getMillis()));
    }
    Collections.sort(watermarks);
    TestStream.Builder<Long> stream = TestStream.create(VarLongCoder.of()).advanceWatermarkTo(new Instant(0));
    for (int i = 0; i < elements; i++) {
      long watermark = watermarks.get(i);
      stream = stream.advanceWatermarkTo(new Instant(watermark));
      long mainAt = Math.max(0, watermark - (long) (random.nextDouble() * LATENESS.getMillis()));
      // Signals lag more, so that signal windows often open after their end has passed.
      long signalAt = Math.max(0, watermark - (long) ((0.4 + 0.6 * random.nextDouble()) * LATENESS.getMillis()));
      stream =
          stream.addElements(
              TimestampedValue.of((long) i, new Instant(mainAt)),
              TimestampedValue.of(SIGNAL_OFFSET + i, new Instant(signalAt)));
    }
    return stream.advanceWatermarkToInfinity();
  }

  /** Groups all elements under one key and fires per element, as WaitTest's inputs do. */
  private static final class Fire extends PTransform<PCollection<Long>, PCollection<Long>> {
    @Override
    public PCollection<Long> expand(PCollection<Long> input) {
      return input
          .apply(WithKeys.of(""))
          .apply(GroupByKey.create())
          .apply(Values.create())
          .apply(Flatten.iterables());
    }
  }

  /** A released main element, its window, and the signal elements of the window it waited on. */
  private static final class Released extends DoFn<Long, String> {
    private final PCollectionView<List<Long>> signal;

    Released(PCollectionView<List<Long>> signal) {
      this.signal = signal;
    }

    @ProcessElement
    public void process(ProcessContext c, BoundedWindow window) {
      List<Long> seen = new ArrayList<>(c.sideInput(signal));
      Collections.sort(seen);
      c.output("main " + c.element() + " in " + window + " after signals " + seen);
    }
  }

  private static PCollection<String> waitOn(
      Pipeline pipeline, long seed, int elements, WindowFn<Object, ?> signalWindows) {
    PCollection<Long> events = pipeline.apply(mainAndSignal(seed, elements));
    PCollection<Long> main =
        events
            .apply("Main", Filter.lessThan(SIGNAL_OFFSET))
            .apply("WindowMain", countTriggered(MAIN_WINDOWS))
            .apply("FireMain", new Fire());
    PCollection<Long> signal =
        events
            .apply("Signal", Filter.greaterThanEq(SIGNAL_OFFSET))
            .apply("WindowSignal", countTriggered(signalWindows))
            .apply("FireSignal", new Fire());
    PCollectionView<List<Long>> signalAtExpiry =
        signal
            .apply("AtExpiry", Window.<Long>configure().triggering(Never.ever()))
            .apply(View.asList());
    return main
        .apply(Wait.on(signal))
        .apply(ParDo.of(new Released(signalAtExpiry)).withSideInputs(signalAtExpiry));
  }

  private static Window<Long> countTriggered(WindowFn<Object, ?> windows) {
    return Window.<Long>into(windows)
        .triggering(Repeatedly.forever(AfterPane.elementCountAtLeast(1)))
        .withAllowedLateness(LATENESS)
        .discardingFiredPanes();
  }

  // Each seed below was chosen so that, before the fix, at least one main element was released
  // while the signal window it waited on was still open to a late signal element.

  @Test
  public void signalInSmallerFixedWindows() throws IOException {
    DifferentialRun.assertSameAsDirect(
        folder.getRoot().toPath(), p -> waitOn(p, 7, 24, FixedWindows.of(Duration.standardSeconds(7))));
  }

  @Test
  public void signalInSlidingWindows() throws IOException {
    DifferentialRun.assertSameAsDirect(
        folder.getRoot().toPath(),
        p -> waitOn(p, 11, 24, SlidingWindows.of(Duration.standardSeconds(7)).every(Duration.standardSeconds(1))));
  }

  @Test
  public void signalInLargerFixedWindows() throws IOException {
    DifferentialRun.assertSameAsDirect(
        folder.getRoot().toPath(), p -> waitOn(p, 1, 10, FixedWindows.of(Duration.standardSeconds(20))));
  }

  @Test
  public void signalInTheSameWindows() throws IOException {
    DifferentialRun.assertSameAsDirect(folder.getRoot().toPath(), p -> waitOn(p, 3, 6, MAIN_WINDOWS));
  }
}
