package io.solstice.runner;

import io.solstice.translation.plan.ExecutionPlan;
import io.solstice.translation.plan.PlannedEdge;
import io.solstice.translation.plan.PlannedStage;
import io.solstice.translation.runtime.FusedStageSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The elastic pools a job asks for ({@code --workerPool}, {@code --stageWorkerPools}), checked
 * and matched to the plan's stages: which stages get a MIN..MAX pool. A stage named explicitly
 * that cannot rescale, a name no stage or transform has, and bounds that cannot be met fail the
 * job before it starts, each naming what to change.
 */
final class WorkerPools {
  private static final Logger LOG = LoggerFactory.getLogger(WorkerPools.class);
  private static final Pattern BOUNDS = Pattern.compile("^\\s*(\\d+)\\s*\\.\\.\\s*(\\d+)\\s*$");

  /** A pool's least and most workers. */
  record Bounds(int min, int max) {}

  private WorkerPools() {}

  /** Per stage id, its pool; stages not in the map keep their fixed parallelism. */
  static Map<Integer, Bounds> resolve(ExecutionPlan plan, SolsticePipelineOptions options) {
    Bounds all = parse("--workerPool", options.getWorkerPool(), options);
    Map<String, Bounds> named = parseNamed(options.getStageWorkerPools(), options);
    if (all == null && named.isEmpty()) {
      return Map.of();
    }
    if (options.getRayMode() == SolsticePipelineOptions.RayMode.CLUSTER) {
      throw new IllegalArgumentException(
          "Elastic worker pools (--workerPool, --stageWorkerPools) run in Ray's local mode only for now: drop them"
              + " or run with --rayMode=LOCAL");
    }
    Map<Integer, Bounds> pools = new HashMap<>();
    Map<String, Bounds> unmatched = new LinkedHashMap<>(named);
    for (PlannedStage stage : plan.stages()) {
      Bounds bounds = null;
      String by = null;
      for (Map.Entry<String, Bounds> entry : named.entrySet()) {
        if (names(stage, entry.getKey())) {
          bounds = entry.getValue();
          by = entry.getKey();
          unmatched.remove(entry.getKey());
        }
      }
      String cannot = cannotRescale(plan, stage, options);
      if (bounds != null && cannot != null && (bounds.min() != stage.parallelism() || bounds.max() != stage.parallelism())) {
        throw new IllegalArgumentException(
            "--stageWorkerPools gives stage '" + stage.name() + "' (by '" + by + "') a pool of " + bounds.min() + ".."
                + bounds.max() + ", but its size cannot change: " + cannot + ". Leave it out of --stageWorkerPools");
      }
      if (bounds != null && cannot != null) {
        // Its own size, as it would have anyway.
        continue;
      }
      if (bounds == null && all != null) {
        if (cannot != null) {
          LOG.info("Stage '{}' keeps {} workers: {}", stage.name(), stage.parallelism(), cannot);
          continue;
        }
        bounds = all;
      }
      if (bounds != null) {
        pools.put(stage.id(), bounds);
      }
    }
    if (!unmatched.isEmpty()) {
      List<String> stages = new ArrayList<>();
      plan.stages().forEach(stage -> stages.add(stage.name()));
      throw new IllegalArgumentException(
          "--stageWorkerPools names " + unmatched.keySet() + ", which no stage or transform of the job has; its"
              + " stages are " + stages);
    }
    return pools;
  }

  /** Why a stage cannot rescale, or null if it can. */
  private static String cannotRescale(ExecutionPlan plan, PlannedStage stage, SolsticePipelineOptions options) {
    if (stage.spec().keepsWorkerState()) {
      return "its workers keep state of their own (side inputs, elements waiting for them, a sink's transactions,"
          + " input held for stable input, or a test stream)";
    }
    String waiting = stage.spec().stepWaitingForCheckpoints();
    Long interval = options.getCheckpointingInterval();
    if (waiting != null && interval != null && interval > 0) {
      return "step " + waiting + " acts only once a checkpoint completes (bundle finalizers, such as KafkaIO's offset"
          + " commits), which a worker leaving its pool would miss; with checkpoints off it acts at each bundle";
    }
    if (readsExternalSource(plan, stage)) {
      return "an outside system (a Spark job) writes its input while it runs, and such a stage has not been tried"
          + " with a changing pool yet";
    }
    if (stage.parallelism() < options.getParallelism()) {
      return "it runs " + stage.parallelism() + " worker(s) by nature (a source that does not split, say)";
    }
    return null;
  }

  private static boolean readsExternalSource(ExecutionPlan plan, PlannedStage stage) {
    for (int id : stage.inputs()) {
      PlannedEdge edge = plan.edge(id);
      if (edge.seeds() != null && edge.seeds().external() != null) {
        return true;
      }
    }
    return false;
  }

  /** Whether {@code name} is the stage's, or that of a transform in it or one enclosing such a transform. */
  private static boolean names(PlannedStage stage, String name) {
    if (stage.name().equals(name)) {
      return true;
    }
    for (FusedStageSpec.Step step : stage.spec().steps()) {
      if (step.name().equals(name) || step.name().startsWith(name + "/")) {
        return true;
      }
    }
    return false;
  }

  private static Map<String, Bounds> parseNamed(String value, SolsticePipelineOptions options) {
    Map<String, Bounds> named = new LinkedHashMap<>();
    if (value == null || value.isBlank()) {
      return named;
    }
    for (String entry : value.split(",")) {
      int eq = entry.lastIndexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException(
            "--stageWorkerPools=" + value + ": '" + entry + "' is not NAME=MIN..MAX, e.g. 'CountPerKey=1..4'");
      }
      String name = entry.substring(0, eq).trim();
      named.put(name, parse("--stageWorkerPools " + name, entry.substring(eq + 1), options));
    }
    return named;
  }

  private static Bounds parse(String option, String value, SolsticePipelineOptions options) {
    if (value == null || value.isBlank()) {
      return null;
    }
    Matcher match = BOUNDS.matcher(value);
    if (!match.matches()) {
      throw new IllegalArgumentException(option + "=" + value + " is not MIN..MAX, e.g. 1..4");
    }
    int min;
    int max;
    try {
      min = Integer.parseInt(match.group(1));
      max = Integer.parseInt(match.group(2));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + "=" + value + ": the numbers are too large", e);
    }
    if (min < 1) {
      throw new IllegalArgumentException(option + "=" + value + ": a pool needs at least 1 worker");
    }
    if (min > max) {
      throw new IllegalArgumentException(option + "=" + value + ": MIN " + min + " is above MAX " + max);
    }
    if (max > options.getMaxParallelism()) {
      throw new IllegalArgumentException(
          option + "=" + value + ": MAX " + max + " is above --maxParallelism=" + options.getMaxParallelism()
              + ", the key groups a keyed stage can spread; raise --maxParallelism or lower MAX");
    }
    if (max > options.getMaxWorkers()) {
      throw new IllegalArgumentException(
          option + "=" + value + ": MAX " + max + " is above --maxWorkers=" + options.getMaxWorkers()
              + "; raise --maxWorkers or lower MAX");
    }
    return new Bounds(min, max);
  }
}
