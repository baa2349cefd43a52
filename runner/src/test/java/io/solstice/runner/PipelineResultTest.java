package io.solstice.runner;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;

import java.util.Arrays;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.io.GenerateSequence;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Distribution;
import org.apache.beam.sdk.metrics.DistributionResult;
import org.apache.beam.sdk.metrics.Gauge;
import org.apache.beam.sdk.metrics.GaugeResult;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricQueryResults;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.apache.beam.sdk.metrics.StringSet;
import org.apache.beam.sdk.metrics.StringSetResult;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.Count;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.windowing.FixedWindows;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.joda.time.Duration;
import org.junit.Test;

/** States, waiting, cancellation, metrics and payload hygiene of a SolsticePipelineResult. */
public class PipelineResultTest {

  static final class Measure extends DoFn<Long, Long> {
    private final Counter elements = Metrics.counter(Measure.class, "elements");
    private final Distribution values = Metrics.distribution(Measure.class, "values");
    private final Gauge last = Metrics.gauge(Measure.class, "last");
    private final StringSet parity = Metrics.stringSet(Measure.class, "parity");

    @ProcessElement
    public void process(@Element Long n, OutputReceiver<Long> out) {
      elements.inc();
      values.update(n);
      last.set(n);
      parity.add(n % 2 == 0 ? "even" : "odd");
      out.output(n);
    }
  }

  static final class Slow extends DoFn<Long, Long> {
    @ProcessElement
    public void process(@Element Long n, OutputReceiver<Long> out) throws InterruptedException {
      Thread.sleep(100);
      out.output(n);
    }
  }

  @Test
  public void reportsAttemptedAndCommittedMetricsOfEveryKind() {
    Pipeline pipeline = Pipeline.create(TestOptions.solstice(2));
    pipeline.apply(GenerateSequence.from(1).to(101)).apply("Measure", ParDo.of(new Measure()));
    PipelineResult result = pipeline.run();
    assertEquals(PipelineResult.State.DONE, result.waitUntilFinish());
    assertEquals(PipelineResult.State.DONE, result.getState());

    MetricQueryResults metrics =
        result.metrics().queryMetrics(MetricsFilter.builder().addNameFilter(MetricNameFilter.inNamespace(Measure.class)).build());
    MetricResult<Long> counter = metrics.getCounters().iterator().next();
    assertEquals(100L, (long) counter.getAttempted());
    assertEquals(100L, (long) counter.getCommitted());
    assertEquals("Measure/ParMultiDo(Measure)", counter.getKey().stepName());

    MetricResult<DistributionResult> distribution = metrics.getDistributions().iterator().next();
    assertEquals(DistributionResult.create(5050, 100, 1, 100), distribution.getAttempted());
    assertEquals(DistributionResult.create(5050, 100, 1, 100), distribution.getCommitted());

    MetricResult<GaugeResult> gauge = metrics.getGauges().iterator().next();
    assertThat(gauge.getCommitted().getValue() >= 1 && gauge.getCommitted().getValue() <= 100, is(true));

    MetricResult<StringSetResult> strings = metrics.getStringSets().iterator().next();
    assertThat(strings.getAttempted().getStringSet(), containsInAnyOrder("even", "odd"));
    assertThat(strings.getCommitted().getStringSet(), containsInAnyOrder("even", "odd"));
  }

  @Test
  public void waitingTimesOutThenCancelStopsTheJob() throws Exception {
    Pipeline pipeline = Pipeline.create(TestOptions.solstice(2));
    pipeline.apply(GenerateSequence.from(0).to(100_000)).apply(ParDo.of(new Slow()));
    long baseline = ErrorPropagationTest.rayWorkerThreads();
    PipelineResult result = pipeline.run();

    assertNull("still running after 1 s", result.waitUntilFinish(Duration.standardSeconds(1)));
    assertEquals(PipelineResult.State.RUNNING, result.getState());
    long start = System.nanoTime();
    assertEquals(PipelineResult.State.CANCELLED, result.cancel());
    assertThat((System.nanoTime() - start) / 1e9, lessThan(30.0));
    assertEquals(PipelineResult.State.CANCELLED, result.waitUntilFinish());
    ErrorPropagationTest.assertNoWorkersLeft(baseline);
  }

  /** Counts the windowed counts it sees, and the elements they cover. */
  static final class SeeWindowCounts extends DoFn<Long, Long> {
    private final Counter windows = Metrics.counter(SeeWindowCounts.class, "windows");
    private final Counter covered = Metrics.counter(SeeWindowCounts.class, "covered");

    @ProcessElement
    public void process(@Element Long count) {
      windows.inc();
      covered.inc(count);
    }
  }

  @Test
  public void unboundedJobFiresWindowsWhileRunningUntilCancelled() throws Exception {
    SolsticePipelineOptions options = TestOptions.solstice(2);
    // Progress (elements/s, watermark lag) shows in the log while the job runs.
    options.setProgressIntervalSeconds(2);
    Pipeline pipeline = Pipeline.create(options);
    pipeline
        .apply(GenerateSequence.from(0).withRate(200, Duration.millis(100)))
        .apply(Window.into(FixedWindows.of(Duration.millis(500))))
        .apply(Combine.globally(Count.<Long>combineFn()).withoutDefaults())
        .apply("See", ParDo.of(new SeeWindowCounts()));
    long baseline = ErrorPropagationTest.rayWorkerThreads();
    PipelineResult result = pipeline.run();

    assertNull("an unbounded source never ends", result.waitUntilFinish(Duration.standardSeconds(6)));
    assertEquals(PipelineResult.State.RUNNING, result.getState());
    MetricQueryResults seen =
        result.metrics().queryMetrics(
            MetricsFilter.builder().addNameFilter(MetricNameFilter.inNamespace(SeeWindowCounts.class)).build());
    long windows = 0;
    long covered = 0;
    for (MetricResult<Long> counter : seen.getCounters()) {
      if (counter.getName().getName().equals("windows")) {
        windows = counter.getAttempted();
      } else {
        covered = counter.getAttempted();
      }
    }
    assertThat("event-time windows fire while the job runs", windows, greaterThan(2L));
    assertThat("windows cover the generated elements", covered, greaterThan(200L));
    assertEquals(PipelineResult.State.CANCELLED, result.cancel());
    assertEquals(PipelineResult.State.CANCELLED, result.waitUntilFinish());
    ErrorPropagationTest.assertNoWorkersLeft(baseline);
  }

  @Test
  public void freesEverySplitPayload() {
    SolsticePipelineOptions options = TestOptions.solstice(2);
    options.setTargetSplitBytes(16 << 10);
    options.setInlineSplitBytes(1024);
    Pipeline pipeline = Pipeline.create(options);
    char[] padding = new char[1000];
    Arrays.fill(padding, 'x');
    String pad = new String(padding);
    pipeline
        .apply(GenerateSequence.from(0).to(20_000))
        .apply(MapElements.into(TypeDescriptors.strings()).via((Long n) -> n % 10 + pad))
        .apply(Count.perElement());
    SolsticePipelineResult result = (SolsticePipelineResult) pipeline.run();
    assertEquals(PipelineResult.State.DONE, result.waitUntilFinish());
    assertEquals("every payload put was released by its readers", 0, result.payloadsLeftAtEnd());
  }
}
