package io.solstice.runner;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricQueryResults;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.apache.beam.sdk.metrics.MetricsOptions;
import org.apache.beam.sdk.metrics.MetricsSink;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.PeriodicImpulse;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.Test;

/** --metricsSink gets the job's metrics while it runs and once more, complete, when it ends. */
public class MetricsPushingTest {
  /** Keeps every push's value of the "seen" counter (a sink is made from its class, so this is static). */
  public static final class RecordingSink implements MetricsSink {
    static final List<Long> PUSHED = new CopyOnWriteArrayList<>();

    public RecordingSink(MetricsOptions options) {}

    @Override
    public void writeMetrics(MetricQueryResults results) {
      for (MetricResult<Long> counter : results.getCounters()) {
        if (counter.getName().getName().equals("seen")) {
          PUSHED.add(counter.getAttempted());
        }
      }
    }
  }

  static final class CountSeen extends DoFn<Instant, Instant> {
    private final Counter seen = Metrics.counter(MetricsPushingTest.class, "seen");

    @ProcessElement
    public void process(@Element Instant tick) {
      seen.inc();
    }
  }

  @Test(timeout = 120_000)
  public void theSinkGetsMetricsWhileTheJobRunsAndWhenItEnds() {
    RecordingSink.PUSHED.clear();
    SolsticePipelineOptions options = TestOptions.solstice(2);
    options.as(MetricsOptions.class).setMetricsSink(RecordingSink.class);
    options.as(MetricsOptions.class).setMetricsPushPeriod(1L);
    Pipeline pipeline = Pipeline.create(options);
    Instant start = Instant.now();
    pipeline
        .apply(PeriodicImpulse.create().startAt(start).stopAt(start.plus(Duration.standardSeconds(4))).withInterval(Duration.millis(5)))
        .apply(ParDo.of(new CountSeen()));
    PipelineResult result = pipeline.run();
    assertEquals(PipelineResult.State.DONE, result.waitUntilFinish());
    long total =
        result
            .metrics()
            .queryMetrics(MetricsFilter.builder().addNameFilter(MetricNameFilter.named(MetricsPushingTest.class, "seen")).build())
            .getCounters()
            .iterator()
            .next()
            .getAttempted();
    List<Long> pushed = List.copyOf(RecordingSink.PUSHED);
    assertTrue("pushes while it ran, then the last: " + pushed, pushed.size() >= 2);
    assertEquals("the last push, before the wait ended, has every element", total, (long) pushed.get(pushed.size() - 1));
    assertTrue("an earlier push saw part of them: " + pushed + " of " + total, pushed.get(0) < total);
  }
}
