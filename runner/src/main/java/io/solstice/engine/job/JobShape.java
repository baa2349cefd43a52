package io.solstice.engine.job;

import io.solstice.engine.graph.EdgeSpec;
import io.solstice.engine.graph.JobGraph;
import io.solstice.engine.graph.StageSpec;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The shape of a job as a checkpoint records it: its stages (id, name, parallelism), edges and key
 * groups, one per line. A job restores from a checkpoint only if its shape is the same, since
 * state files are per stage and worker and keyed state per key group.
 */
final class JobShape {
  private JobShape() {}

  static String of(JobGraph graph, int maxKeyGroups) {
    List<String> lines = new ArrayList<>();
    lines.add("key groups " + maxKeyGroups);
    List<StageSpec> stages = new ArrayList<>(graph.stages());
    stages.sort(Comparator.comparingInt(StageSpec::id));
    for (StageSpec stage : stages) {
      lines.add("stage " + stage.id() + " '" + stage.name() + "' parallelism " + stage.parallelism());
    }
    List<EdgeSpec> edges = new ArrayList<>(graph.edges());
    edges.sort(Comparator.comparingInt(EdgeSpec::id));
    for (EdgeSpec edge : edges) {
      lines.add(
          "edge " + edge.id() + " from " + (edge.isSeeded() ? "the driver" : "stage " + edge.producerStage())
              + " to stage " + edge.consumerStage() + " " + edge.partitioning() + " x" + edge.partitions());
    }
    return String.join("\n", lines);
  }

  /** Null if the shapes match, else what differs first, for an error message. */
  static String difference(String checkpoint, String job) {
    String[] had = checkpoint.split("\n");
    String[] has = job.split("\n");
    for (int i = 0; i < Math.max(had.length, has.length); i++) {
      String before = i < had.length ? had[i] : "nothing";
      String now = i < has.length ? has[i] : "nothing";
      if (!before.equals(now)) {
        return "the checkpoint has [" + before + "] where this job has [" + now + "]";
      }
    }
    return null;
  }
}
