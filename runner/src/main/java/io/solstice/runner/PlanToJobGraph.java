package io.solstice.runner;

import io.solstice.engine.graph.EdgeSpec;
import io.solstice.engine.graph.ExternalSplits;
import io.solstice.engine.graph.JobGraph;
import io.solstice.engine.graph.OperatorFactory;
import io.solstice.engine.graph.SeedSplit;
import io.solstice.engine.graph.StageSpec;
import io.solstice.engine.operator.Partitioning;
import io.solstice.translation.plan.EdgeKind;
import io.solstice.translation.plan.ExecutionPlan;
import io.solstice.translation.plan.PlannedEdge;
import io.solstice.translation.plan.PlannedStage;
import io.solstice.translation.runtime.FusedStageSpec;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.runners.core.construction.SerializablePipelineOptions;
import org.apache.beam.sdk.values.WindowedValue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns a translated plan into the engine's job graph: edges, stages, and encoded seeds. */
final class PlanToJobGraph {
  private static final Logger LOG = LoggerFactory.getLogger(PlanToJobGraph.class);

  private PlanToJobGraph() {}

  static JobGraph convert(String name, ExecutionPlan plan, SerializablePipelineOptions options, int maxKeyGroups)
      throws IOException {
    Map<Integer, WorkerPools.Bounds> pools = WorkerPools.resolve(plan, options.get().as(SolsticePipelineOptions.class));
    Map<Integer, Integer> partitions = new HashMap<>();
    List<EdgeSpec> edges = new ArrayList<>();
    Map<Integer, List<SeedSplit>> seeds = new HashMap<>();
    Map<Integer, ExternalSplits> external = new HashMap<>();
    for (PlannedEdge edge : plan.edges()) {
      boolean seeded = edge.producerStage() == PlannedEdge.SEEDED;
      // An elastic stage reads as many partitions as it can have workers.
      WorkerPools.Bounds consumerPool = pools.get(edge.consumerStage());
      int count = consumerPool != null ? consumerPool.max() : edge.partitions();
      partitions.put(edge.id(), count);
      Partitioning partitioning = partitioning(edge);
      boolean elasticEnd = consumerPool != null || (!seeded && pools.containsKey(edge.producerStage()));
      if (partitioning == Partitioning.FORWARD && !seeded && elasticEnd) {
        // Worker i feeding worker i holds only while both pools have one size.
        partitioning = Partitioning.REBALANCE;
      }
      edges.add(
          new EdgeSpec(
              edge.id(),
              edge.name(),
              seeded ? EdgeSpec.SEED_PRODUCER : edge.producerStage(),
              edge.consumerStage(),
              partitioning,
              count));
      if (edge.seeds() != null && edge.seeds().external() != null) {
        checkExternalSource(plan, edge, options);
        external.put(edge.id(), new ExternalSourceSplits(edge.seeds().external(), codec(edge, maxKeyGroups, count)));
      } else if (edge.seeds() != null) {
        seeds.put(edge.id(), encodeSeeds(edge, maxKeyGroups, count));
      }
    }
    boolean spill = spillAllowed(name, plan, options);
    List<StageSpec> stages = new ArrayList<>();
    for (PlannedStage stage : plan.stages()) {
      List<EdgeCodec> inputs = new ArrayList<>();
      for (int id : stage.inputs()) {
        inputs.add(codec(plan.edge(id), maxKeyGroups, partitions.get(id)));
      }
      List<EdgeCodec> outputs = new ArrayList<>();
      for (int id : stage.outputs()) {
        outputs.add(codec(plan.edge(id), maxKeyGroups, partitions.get(id)));
      }
      WorkerPools.Bounds pool = pools.get(stage.id());
      int min = pool == null ? stage.parallelism() : pool.min();
      int max = pool == null ? stage.parallelism() : pool.max();
      stages.add(
          new StageSpec(
              stage.id(),
              stage.name(),
              min,
              stage.inputs(),
              stage.outputs(),
              new Factory(stage.spec(), inputs, outputs, options, spill),
              stage.spec().keepsWorkerState(),
              min,
              max));
    }
    return new JobGraph(name, stages, edges, seeds, external);
  }

  /**
   * An outside system's splits are not recorded in checkpoints: a restarted job could not tell which
   * it had read.
   */
  private static void checkExternalSource(ExecutionPlan plan, PlannedEdge edge, SerializablePipelineOptions options) {
    SolsticePipelineOptions solstice = options.get().as(SolsticePipelineOptions.class);
    Long interval = solstice.getCheckpointingInterval();
    String restore = solstice.getRestoreFromCheckpoint();
    String option =
        interval != null && interval > 0
            ? "--checkpointingInterval"
            : restore != null && !restore.isBlank() ? "--restoreFromCheckpoint" : null;
    if (option != null) {
      throw new IllegalArgumentException(
          "Stage '" + stageName(plan, edge.consumerStage()) + "' reads a source that an outside system (a Spark"
              + " DataFrame, say) writes while the job runs, and such a source cannot take part in checkpoints yet: a"
              + " restarted job could not tell which of its elements were read. Run this job without " + option + ".");
    }
  }

  private static String stageName(ExecutionPlan plan, int id) {
    return plan.stages().stream().filter(s -> s.id() == id).map(PlannedStage::name).findFirst().orElse("#" + id);
  }

  private static boolean spillAllowed(String name, ExecutionPlan plan, SerializablePipelineOptions options) {
    Long interval = options.get().as(SolsticePipelineOptions.class).getCheckpointingInterval();
    if (interval == null || interval <= 0) {
      return true;
    }
    for (PlannedStage stage : plan.stages()) {
      String waiting = stage.spec().stepWaitingForCheckpoints();
      if (waiting != null) {
        LOG.warn(
            "Job {}: batch grouping steps keep everything they gather in memory (no spilling to disk) because step"
                + " {} waits for completed checkpoints, which a step with input on disk cannot take part in. To let"
                + " them spill, run without --checkpointingInterval; otherwise give the job heap for its largest"
                + " grouping.",
            name, waiting);
        return false;
      }
    }
    return true;
  }

  private static Partitioning partitioning(PlannedEdge edge) {
    switch (edge.kind()) {
      case FORWARD:
        return Partitioning.FORWARD;
      case REBALANCE:
        return Partitioning.REBALANCE;
      case KEYED:
      case KEYED_BY_RANDOM_KEYS:
        return Partitioning.HASH;
      case BROADCAST:
        return Partitioning.BROADCAST;
      default:
        throw new IllegalArgumentException("Unknown edge kind " + edge.kind());
    }
  }

  private static EdgeCodec codec(PlannedEdge edge, int maxKeyGroups, int partitions) {
    if (edge.kind() == EdgeKind.KEYED_BY_RANDOM_KEYS) {
      return EdgeCodec.dealingRandomKeys(edge.windowedCoder(), edge.keyCoder(), maxKeyGroups, partitions);
    }
    return new EdgeCodec(edge.windowedCoder(), edge.keyCoder(), maxKeyGroups);
  }

  /** One split per seed element, so that the driver deals them over the partitions. */
  private static List<SeedSplit> encodeSeeds(PlannedEdge edge, int maxKeyGroups, int partitions) throws IOException {
    EdgeCodec codec = codec(edge, maxKeyGroups, partitions);
    List<SeedSplit> splits = new ArrayList<>();
    for (WindowedValue<?> element : edge.seeds().elements()) {
      splits.add(new SeedSplit(codec.encodeOne(element), 1));
    }
    return splits;
  }

  /** Creates a {@link BeamStageOperator} on each worker. */
  private static final class Factory implements OperatorFactory {
    private static final long serialVersionUID = 1L;

    private final FusedStageSpec spec;
    private final List<EdgeCodec> inputs;
    private final List<EdgeCodec> outputs;
    private final SerializablePipelineOptions options;
    private final boolean spill;

    Factory(FusedStageSpec spec, List<EdgeCodec> inputs, List<EdgeCodec> outputs, SerializablePipelineOptions options, boolean spill) {
      this.spec = spec;
      this.inputs = inputs;
      this.outputs = outputs;
      this.options = options;
      this.spill = spill;
    }

    @Override
    public BeamStageOperator create() {
      return new BeamStageOperator(spec, inputs, outputs, options, spill);
    }
  }
}
