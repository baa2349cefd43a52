package io.solstice.nexmark;

import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;

/** A finished job's counter, summed over the steps that reported it: how the benchmark jobs check their counts. */
public final class JobCounters {
  private JobCounters() {}

  public static long sum(PipelineResult result, String namespace, String name) {
    long total = 0;
    for (MetricResult<Long> counter :
        result.metrics().queryMetrics(MetricsFilter.builder().addNameFilter(MetricNameFilter.named(namespace, name)).build()).getCounters()) {
      total += counter.getAttempted();
    }
    return total;
  }
}
