package io.solstice.engine.job;

import io.solstice.engine.graph.EdgeSpec;
import io.solstice.engine.graph.JobGraph;
import io.solstice.engine.graph.StageSpec;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The shape of a job as a checkpoint records it: its stages (id, name, parallelism), edges and key
 * groups, one per line. A job restores from a checkpoint only if its shape is the same but for
 * its stages' numbers of workers and its edges' numbers of partitions: state files are per stage,
 * keyed state is per key group, and seeds read are kept by index, so workers can divide them anew.
 */
final class JobShape {
  private static final Pattern STAGE = Pattern.compile("^stage (\\d+) '.*' parallelism (\\d+)$");
  private static final Pattern EDGE = Pattern.compile("^edge (\\d+) from .* x(\\d+)$");
  private static final String SEEDS = "seeds of edge ";

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
      if (edge.isSeeded()) {
        // Seeds read are kept by index: a source split into other shards would mean other data.
        lines.add(SEEDS + edge.id() + ": " + graph.seeds(edge.id()).size());
      }
    }
    return String.join("\n", lines);
  }

  /**
   * Null if the shapes match (numbers of workers and partitions aside), else what differs first,
   * for an error message.
   */
  static String difference(String checkpoint, String job) {
    String[] had = checkpoint.split("\n");
    String[] has = job.split("\n");
    for (int i = 0; i < Math.max(had.length, has.length); i++) {
      String before = i < had.length ? had[i] : "nothing";
      String now = i < has.length ? has[i] : "nothing";
      if (!withoutSizes(before).equals(withoutSizes(now))) {
        return "the checkpoint has [" + before + "] where this job has [" + now + "]";
      }
    }
    return null;
  }

  /**
   * Whether a checkpoint's shape comes from before shapes counted seeds (and state files kept the
   * seeds read by index): the job has seeded edges, the checkpoint's shape counts none.
   */
  static boolean predatesSeedCounts(String checkpoint, String job) {
    return job.contains("\n" + SEEDS) && !checkpoint.contains("\n" + SEEDS);
  }

  /** Per stage id, its number of workers in {@code shape}. */
  static Map<Integer, Integer> stageWorkers(String shape) {
    return numbers(shape, STAGE);
  }

  /** Per edge id, its number of partitions in {@code shape}. */
  static Map<Integer, Integer> edgePartitions(String shape) {
    return numbers(shape, EDGE);
  }

  private static Map<Integer, Integer> numbers(String shape, Pattern line) {
    Map<Integer, Integer> numbers = new HashMap<>();
    for (String text : shape.split("\n")) {
      Matcher match = line.matcher(text);
      if (match.matches()) {
        numbers.put(Integer.parseInt(match.group(1)), Integer.parseInt(match.group(2)));
      }
    }
    return numbers;
  }

  /** A line without its numbers of workers or partitions, and an edge's routing between stages. */
  private static String withoutSizes(String line) {
    // Whether an edge forwards or deals depends only on its two stages' numbers of workers.
    return line.replaceFirst(" parallelism \\d+$", "")
        .replaceFirst(" (FORWARD|REBALANCE) x\\d+$", " ROUTED")
        .replaceFirst(" x\\d+$", "");
  }
}
