package io.solstice.runner;

import io.solstice.engine.control.PoolSize;
import io.solstice.engine.control.StageProgress;
import java.util.List;
import java.util.Map;
import org.apache.beam.runners.core.metrics.MetricsContainerImpl;
import org.apache.beam.runners.core.metrics.MetricsContainerStepMap;
import org.apache.beam.sdk.metrics.MetricName;

/**
 * Each stage's worker count as Beam metrics, under the stage's name as the step: the gauge
 * {@code solstice:workers} (while the stage runs, its workers that answered the latest progress
 * request, as the progress log counts them; once it has ended, its last pool size) and, for an
 * ended stage, the counter {@code solstice:rescales}. {@code SolsticePipelineResult.poolSizes()}
 * has every size with its start.
 */
final class PoolSizeMetrics {
  static final MetricName WORKERS = MetricName.named("solstice", "workers");
  static final MetricName RESCALES = MetricName.named("solstice", "rescales");

  private PoolSizeMetrics() {}

  static MetricsContainerStepMap of(List<StageProgress> running, Map<String, List<PoolSize>> ended) {
    MetricsContainerStepMap metrics = new MetricsContainerStepMap();
    for (StageProgress stage : running) {
      if (!ended.containsKey(stage.name())) {
        metrics.getContainer(stage.name()).getGauge(WORKERS).set(stage.workers().size());
      }
    }
    ended.forEach(
        (stage, sizes) -> {
          if (!sizes.isEmpty()) {
            MetricsContainerImpl container = metrics.getContainer(stage);
            container.getGauge(WORKERS).set(sizes.get(sizes.size() - 1).workers());
            container.getCounter(RESCALES).inc(sizes.size() - 1);
          }
        });
    return metrics;
  }
}
