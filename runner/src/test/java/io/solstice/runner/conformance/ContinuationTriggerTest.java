package io.solstice.runner.conformance;

import static org.junit.Assert.assertTrue;

import io.solstice.runner.SolsticePipelineOptions;
import io.solstice.runner.SolsticeRunner;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.state.TimeDomain;
import org.apache.beam.sdk.state.Timer;
import org.apache.beam.sdk.state.TimerSpec;
import org.apache.beam.sdk.state.TimerSpecs;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.transforms.windowing.AfterProcessingTime;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.PaneInfo;
import org.apache.beam.sdk.transforms.windowing.Repeatedly;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.joda.time.Duration;
import org.junit.Test;

/**
 * A processing-time trigger upstream and its continuation trigger (synchronized processing time)
 * downstream: a downstream early pane may hold upstream early panes only, never the on-time panes
 * upstream emits once its watermark reaches the end, however they arrive. Here those on-time panes
 * are many and the split size small, so they reach the second GroupByKey as a bundle of many
 * splits, from two workers, before the end-of-input watermark of both; a downstream early pane
 * fired between them would hold on-time data.
 */
public class ContinuationTriggerTest {
  private static final int KEYS = 3_000;
  /** What an upstream on-time pane weighs, against 1 for an early one. */
  private static final long ON_TIME = 1_000_000;
  /** How long the end of the input is held back, so that early panes fire first. */
  private static final long HOLD_MILLIS = 2_500;

  /** Holds the watermark behind it with a timer that fires only at the end, then waits. */
  static final class HoldUntilTheEnd extends DoFn<KV<Integer, Long>, KV<Integer, Long>> {
    @TimerId("end")
    private final TimerSpec end = TimerSpecs.timer(TimeDomain.EVENT_TIME);

    @ProcessElement
    public void process(BoundedWindow window, @TimerId("end") Timer timer) {
      timer.set(window.maxTimestamp().minus(Duration.millis(10)));
    }

    @OnTimer("end")
    public void onEnd() throws InterruptedException {
      Thread.sleep(HOLD_MILLIS);
    }
  }

  /** Sums a key's pane, weighing on-time panes as {@link #ON_TIME}. */
  static final class WeighPane extends DoFn<KV<Integer, Iterable<Long>>, Long> {
    @ProcessElement
    public void process(@Element KV<Integer, Iterable<Long>> pane, PaneInfo info, OutputReceiver<Long> out) {
      long sum = 0;
      for (long value : pane.getValue()) {
        sum += value;
      }
      out.output(info.getTiming() == PaneInfo.Timing.ON_TIME ? sum * ON_TIME : sum);
    }
  }

  /** The downstream pane's timing and sum. */
  static final class DescribePane extends DoFn<KV<String, Iterable<Long>>, KV<String, Long>> {
    @ProcessElement
    public void process(@Element KV<String, Iterable<Long>> pane, PaneInfo info, OutputReceiver<KV<String, Long>> out) {
      long sum = 0;
      for (long value : pane.getValue()) {
        sum += value;
      }
      out.output(KV.of(info.getTiming().toString(), sum));
    }
  }

  @Test
  public void downstreamEarlyPanesNeverHoldUpstreamOnTimePanes() {
    SolsticePipelineOptions options = PipelineOptionsFactory.as(SolsticePipelineOptions.class);
    options.setRunner(SolsticeRunner.class);
    options.setParallelism(2);
    options.setTargetSplitBytes(2_048);
    options.setInlineSplitBytes(1_024);
    Pipeline pipeline = Pipeline.create(options);

    PCollection<KV<Integer, Long>> data =
        pipeline
            .apply("Keys", Create.of(java.util.stream.IntStream.range(0, KEYS).boxed().toList()))
            .apply(
                "One each",
                MapElements.into(TypeDescriptors.kvs(TypeDescriptors.integers(), TypeDescriptors.longs()))
                    .via(key -> KV.of(key, 1L)));
    PCollection<KV<Integer, Long>> hold =
        pipeline.apply("Hold", Create.of(KV.of(-1, 0L))).apply("Until the end", ParDo.of(new HoldUntilTheEnd()));

    PCollection<KV<String, Long>> downstream =
        PCollectionList.of(data)
            .and(hold)
            .apply(Flatten.pCollections())
            .apply(
                Window.<KV<Integer, Long>>configure()
                    .triggering(
                        Repeatedly.forever(
                            AfterProcessingTime.pastFirstElementInPane().plusDelayOf(Duration.millis(1))))
                    .accumulatingFiredPanes()
                    .withAllowedLateness(Duration.ZERO))
            .apply("Upstream", GroupByKey.create())
            .apply("Weigh", ParDo.of(new WeighPane()))
            .apply(WithKeys.of("all"))
            .apply("Downstream", GroupByKey.create())
            .apply("Describe", ParDo.of(new DescribePane()));

    PAssert.that(downstream)
        .satisfies(
            panes -> {
              boolean early = false;
              boolean onTime = false;
              for (KV<String, Long> pane : panes) {
                if (pane.getKey().equals("EARLY")) {
                  early = true;
                  assertTrue("an early pane holds on-time data: " + pane, pane.getValue() < ON_TIME);
                } else if (pane.getKey().equals("ON_TIME")) {
                  onTime = true;
                  assertTrue("the on-time pane misses data: " + pane, pane.getValue() >= KEYS * ON_TIME);
                }
              }
              assertTrue("no on-time pane in " + panes, onTime);
              // Upstream early panes fire while the end is held back; so do downstream ones.
              assertTrue("no early pane in " + panes, early);
              return null;
            });
    PipelineResult.State state = pipeline.run().waitUntilFinish();
    assertTrue(state.toString(), state == PipelineResult.State.DONE);
  }
}
