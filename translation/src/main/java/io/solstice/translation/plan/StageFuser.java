package io.solstice.translation.plan;

import io.solstice.translation.graph.InputPartitioning;
import io.solstice.translation.graph.LogicalGraph;
import io.solstice.translation.graph.PCollectionNode;
import io.solstice.translation.graph.Seeds;
import io.solstice.translation.graph.SideInputRef;
import io.solstice.translation.graph.TransformNode;
import io.solstice.translation.runtime.FusedStageSpec;
import io.solstice.translation.runtime.FusedStageSpec.Source;
import io.solstice.translation.runtime.FusedStageSpec.Step;
import io.solstice.translation.runtime.FusedStageSpec.Target;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.beam.runners.core.metrics.MetricsContainerStepMap;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.values.TupleTag;

/**
 * Groups transforms into stages, like Flink's operator chaining: a transform joins the stage of its
 * producer unless it must start a new one. A transform heads a stage when it is a source (seeded by
 * the driver), when its input is shuffled by key or rebalanced, when it reads side inputs (they
 * arrive by broadcast, from another stage), or when its inputs come from different stages. Since
 * only a stage's head reads from other stages, the stages form a DAG like the transforms.
 */
public final class StageFuser {
  private final LogicalGraph graph;
  private final int parallelism;
  private final int[] stageOf;
  private final boolean[] isHead;
  private final List<StageDraft> stages = new ArrayList<>();
  private final List<EdgeDraft> edges = new ArrayList<>();

  private StageFuser(LogicalGraph graph, int parallelism) {
    this.graph = graph;
    this.parallelism = parallelism;
    this.stageOf = new int[graph.transforms().size()];
    this.isHead = new boolean[graph.transforms().size()];
  }

  public static ExecutionPlan fuse(LogicalGraph graph, int parallelism, MetricsContainerStepMap driverMetrics) {
    return new StageFuser(graph, parallelism).run(driverMetrics);
  }

  private ExecutionPlan run(MetricsContainerStepMap driverMetrics) {
    for (TransformNode node : graph.transforms()) {
      place(node);
    }
    for (EdgeDraft edge : edges) {
      if (edge.producerStage != PlannedEdge.SEEDED) {
        stages.get(edge.producerStage).outputs.add(edge.id);
      }
    }
    List<PlannedEdge> plannedEdges = new ArrayList<>();
    for (EdgeDraft edge : edges) {
      plannedEdges.add(edge.plan(stages.get(edge.consumerStage).parallelism));
    }
    List<PlannedStage> plannedStages = new ArrayList<>();
    for (StageDraft stage : stages) {
      plannedStages.add(
          new PlannedStage(stage.id, stage.name(), stage.parallelism, stage.inputs, stage.outputs, spec(stage)));
    }
    return new ExecutionPlan(plannedStages, plannedEdges, driverMetrics);
  }

  private void place(TransformNode node) {
    Set<Integer> producerStages = new LinkedHashSet<>();
    for (int input : node.mainInputs()) {
      producerStages.add(stageOf[graph.producer(input)]);
    }
    boolean head =
        node.seeds() != null
            || node.inputPartitioning() != InputPartitioning.PIPELINED
            || !node.sideInputs().isEmpty()
            || producerStages.size() != 1;
    if (!head) {
      int stage = producerStages.iterator().next();
      stages.get(stage).nodes.add(node.id());
      stageOf[node.id()] = stage;
      return;
    }
    StageDraft stage = new StageDraft(stages.size(), Math.min(parallelism, node.maxParallelism()));
    stages.add(stage);
    stage.nodes.add(node.id());
    stageOf[node.id()] = stage.id;
    isHead[node.id()] = true;
    if (node.seeds() != null) {
      addEdge(stage, node, -1, 0, -1, PlannedEdge.SEEDED, EdgeKind.FORWARD, node.seeds().windowedCoder(), null, node.seeds());
    }
    for (int position = 0; position < node.mainInputs().size(); position++) {
      int pcollection = node.mainInputs().get(position);
      int producer = stageOf[graph.producer(pcollection)];
      PCollectionNode pc = graph.pcollection(pcollection);
      addEdge(stage, node, pcollection, position, -1, producer, kindOf(node, producer, stage), pc.windowedCoder(), node.keyCoder(), null);
    }
    for (int side = 0; side < node.sideInputs().size(); side++) {
      SideInputRef ref = node.sideInputs().get(side);
      PCollectionNode pc = graph.pcollection(ref.data());
      addEdge(stage, node, ref.data(), -1, side, stageOf[graph.producer(ref.data())], EdgeKind.BROADCAST, pc.windowedCoder(), null, null);
    }
  }

  private EdgeKind kindOf(TransformNode node, int producerStage, StageDraft consumer) {
    switch (node.inputPartitioning()) {
      case KEYED:
        return EdgeKind.KEYED;
      case RANDOM_KEYS:
        return EdgeKind.KEYED_BY_RANDOM_KEYS;
      case REBALANCE:
        return EdgeKind.REBALANCE;
      default:
        return stages.get(producerStage).parallelism == consumer.parallelism ? EdgeKind.FORWARD : EdgeKind.REBALANCE;
    }
  }

  private void addEdge(
      StageDraft consumer,
      TransformNode target,
      int pcollection,
      int mainPosition,
      int sideInput,
      int producerStage,
      EdgeKind kind,
      Coder<?> windowedCoder,
      Coder<?> keyCoder,
      Seeds seeds) {
    EdgeDraft edge = new EdgeDraft();
    edge.id = edges.size();
    edge.name = pcollection >= 0 ? graph.pcollection(pcollection).name() : target.name() + ".seeds";
    edge.pcollection = pcollection;
    edge.producerStage = producerStage;
    edge.consumerStage = consumer.id;
    edge.target = target.id();
    edge.sideInput = sideInput;
    edge.kind = kind;
    edge.windowedCoder = windowedCoder;
    edge.keyCoder = keyCoder;
    edge.seeds = seeds;
    edges.add(edge);
    consumer.inputs.add(edge.id);
  }

  private FusedStageSpec spec(StageDraft stage) {
    Map<Integer, Integer> local = new HashMap<>();
    for (int i = 0; i < stage.nodes.size(); i++) {
      local.put(stage.nodes.get(i), i);
    }
    List<Target> inputTargets = new ArrayList<>();
    for (int id : stage.inputs) {
      EdgeDraft edge = edges.get(id);
      int step = local.get(edge.target);
      inputTargets.add(edge.sideInput >= 0 ? Target.stepSide(step, edge.sideInput) : Target.stepMain(step));
    }
    List<Step> steps = new ArrayList<>();
    for (int nodeId : stage.nodes) {
      TransformNode node = graph.transform(nodeId);
      steps.add(
          new Step(node.name(), node.operator(), mainSources(stage, node, local), sideSources(stage, node), routes(stage, node, local)));
    }
    return new FusedStageSpec(steps, inputTargets, stage.outputs.size());
  }

  private List<Source> mainSources(StageDraft stage, TransformNode node, Map<Integer, Integer> local) {
    List<Source> sources = new ArrayList<>();
    if (!isHead[node.id()]) {
      for (int input : node.mainInputs()) {
        sources.add(Source.step(local.get(graph.producer(input))));
      }
      return sources;
    }
    for (int i = 0; i < stage.inputs.size(); i++) {
      EdgeDraft edge = edges.get(stage.inputs.get(i));
      if (edge.target == node.id() && edge.sideInput < 0) {
        sources.add(Source.stageInput(i));
      }
    }
    return sources;
  }

  private List<Integer> sideSources(StageDraft stage, TransformNode node) {
    List<Integer> sources = new ArrayList<>();
    for (int side = 0; side < node.sideInputs().size(); side++) {
      for (int i = 0; i < stage.inputs.size(); i++) {
        EdgeDraft edge = edges.get(stage.inputs.get(i));
        if (edge.target == node.id() && edge.sideInput == side) {
          sources.add(i);
        }
      }
    }
    return sources;
  }

  /** Where each output of a node goes: fused consumers in this stage, and this stage's outputs. */
  private Map<TupleTag<?>, List<Target>> routes(StageDraft stage, TransformNode node, Map<Integer, Integer> local) {
    Map<TupleTag<?>, List<Target>> routes = new HashMap<>();
    for (Map.Entry<TupleTag<?>, Integer> output : node.outputs().entrySet()) {
      int pcollection = output.getValue();
      List<Target> targets = new ArrayList<>();
      for (int consumer : graph.consumers(pcollection)) {
        if (stageOf[consumer] == stage.id && !isHead[consumer]) {
          targets.add(Target.stepMain(local.get(consumer)));
        }
      }
      for (int i = 0; i < stage.outputs.size(); i++) {
        if (edges.get(stage.outputs.get(i)).pcollection == pcollection) {
          targets.add(Target.stageOutput(i));
        }
      }
      if (!targets.isEmpty()) {
        routes.put(output.getKey(), targets);
      }
    }
    return routes;
  }

  private final class StageDraft {
    final int id;
    final int parallelism;
    final List<Integer> nodes = new ArrayList<>();
    final List<Integer> inputs = new ArrayList<>();
    final List<Integer> outputs = new ArrayList<>();

    StageDraft(int id, int parallelism) {
      this.id = id;
      this.parallelism = parallelism;
    }

    String name() {
      String head = graph.transform(nodes.get(0)).name();
      return nodes.size() == 1 ? head : head + " (+" + (nodes.size() - 1) + " fused)";
    }
  }

  private static final class EdgeDraft {
    int id;
    String name;
    int pcollection;
    int producerStage;
    int consumerStage;
    int target;
    int sideInput;
    EdgeKind kind;
    Coder<?> windowedCoder;
    Coder<?> keyCoder;
    Seeds seeds;

    PlannedEdge plan(int partitions) {
      return new PlannedEdge(id, name, producerStage, consumerStage, kind, partitions, windowedCoder, keyCoder, seeds);
    }
  }
}
