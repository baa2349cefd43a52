package io.solstice.runner;

import io.solstice.engine.Serialization;
import io.solstice.translation.runtime.StageMetrics;
import java.util.List;
import org.apache.beam.runners.core.metrics.MetricsContainerStepMap;
import org.apache.beam.sdk.metrics.MetricResults;

/** Merges the metrics snapshots of every worker, and the runner's own, into Beam's attempted and committed results. */
final class SolsticeMetrics {
  private SolsticeMetrics() {}

  /** @param runnerMetrics the runner's own (pool sizes), as attempted and committed alike */
  static MetricResults merge(List<byte[]> snapshots, MetricsContainerStepMap runnerMetrics) {
    MetricsContainerStepMap attempted = new MetricsContainerStepMap();
    MetricsContainerStepMap committed = new MetricsContainerStepMap();
    for (byte[] bytes : snapshots) {
      StageMetrics.Snapshot snapshot = Serialization.fromBytes(bytes, StageMetrics.Snapshot.class);
      attempted.updateAll(snapshot.attempted());
      committed.updateAll(snapshot.committed());
    }
    attempted.updateAll(runnerMetrics);
    committed.updateAll(runnerMetrics);
    return MetricsContainerStepMap.asMetricResults(attempted, committed);
  }
}
