package io.solstice.translation.plan;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.beam.runners.core.metrics.MetricsContainerStepMap;

/** A translated pipeline: stages in topological order and the edges between them. */
public final class ExecutionPlan {
  private final List<PlannedStage> stages;
  private final List<PlannedEdge> edges;
  private final MetricsContainerStepMap driverMetrics;

  ExecutionPlan(List<PlannedStage> stages, List<PlannedEdge> edges, MetricsContainerStepMap driverMetrics) {
    this.stages = List.copyOf(stages);
    this.edges = List.copyOf(edges);
    this.driverMetrics = driverMetrics;
  }

  /** Metrics of user code run by the driver during translation, such as a source's split. */
  public MetricsContainerStepMap driverMetrics() {
    return driverMetrics;
  }

  public List<PlannedStage> stages() {
    return stages;
  }

  public List<PlannedEdge> edges() {
    return edges;
  }

  public PlannedEdge edge(int id) {
    return edges.get(id);
  }

  /** One line per stage: its workers, its steps, and its input edges. */
  /** Per stage id, the names of the transforms fused into the stage, in order. */
  public Map<Integer, List<String>> stepNames() {
    Map<Integer, List<String>> names = new TreeMap<>();
    for (PlannedStage stage : stages) {
      names.put(stage.id(), stage.spec().steps().stream().map(s -> s.name()).collect(Collectors.toList()));
    }
    return names;
  }

  public String describe() {
    StringBuilder text = new StringBuilder();
    for (PlannedStage stage : stages) {
      text.append("stage ")
          .append(stage.id())
          .append(" x")
          .append(stage.parallelism())
          .append(" [")
          .append(stage.spec().steps().stream().map(s -> s.name()).collect(Collectors.joining(", ")))
          .append("] <- ")
          .append(
              stage.inputs().stream()
                  .map(id -> edges.get(id).kind() + (edges.get(id).seeds() != null ? "(seeded)" : ""))
                  .collect(Collectors.joining(", ")))
          .append('\n');
    }
    return text.toString();
  }
}
