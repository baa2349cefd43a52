package io.solstice.engine.graph;

import io.solstice.engine.operator.Partitioning;

import java.io.Serializable;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The stages and edges of one job, plus the splits that seed its source edges. */
public final class JobGraph implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String name;
  private final Map<Integer, StageSpec> stages;
  private final Map<Integer, EdgeSpec> edges;
  private final Map<Integer, List<SeedSplit>> seeds;
  /** The driver's alone: an outside system (a Spark job) is not something to send anywhere. */
  private final transient Map<Integer, ExternalSplits> external;

  public JobGraph(
      String name,
      Collection<StageSpec> stages,
      Collection<EdgeSpec> edges,
      Map<Integer, List<SeedSplit>> seeds) {
    this(name, stages, edges, seeds, Map.of());
  }

  /**
   * @param external per seeded edge id whose splits an outside system writes while the job runs,
   *     that system
   */
  public JobGraph(
      String name,
      Collection<StageSpec> stages,
      Collection<EdgeSpec> edges,
      Map<Integer, List<SeedSplit>> seeds,
      Map<Integer, ExternalSplits> external) {
    this.name = name;
    this.external = Map.copyOf(external);
    this.stages = new LinkedHashMap<>();
    stages.forEach(s -> this.stages.put(s.id(), s));
    this.edges = new LinkedHashMap<>();
    edges.forEach(e -> this.edges.put(e.id(), e));
    this.seeds = new HashMap<>(seeds);
    validate();
  }

  public String name() {
    return name;
  }

  public Collection<StageSpec> stages() {
    return stages.values();
  }

  public StageSpec stage(int id) {
    StageSpec stage = stages.get(id);
    if (stage == null) {
      throw new IllegalArgumentException("No stage " + id + " in job " + name);
    }
    return stage;
  }

  public Collection<EdgeSpec> edges() {
    return edges.values();
  }

  public EdgeSpec edge(int id) {
    EdgeSpec edge = edges.get(id);
    if (edge == null) {
      throw new IllegalArgumentException("No edge " + id + " in job " + name);
    }
    return edge;
  }

  /** Splits to write onto a seeded edge; empty for an edge seeded with no data. */
  public List<SeedSplit> seeds(int edgeId) {
    return seeds.getOrDefault(edgeId, List.of());
  }

  /** Whether an outside system writes the seeded edge's splits while the job runs. */
  public boolean isExternal(int edgeId) {
    return external != null && external.containsKey(edgeId);
  }

  /** The outside system writing seeded edge {@code edgeId}'s splits. */
  public ExternalSplits external(int edgeId) {
    ExternalSplits splits = external == null ? null : external.get(edgeId);
    if (splits == null) {
      throw new IllegalArgumentException("No outside system writes edge " + edgeId + " of job " + name);
    }
    return splits;
  }

  /** How many seeds (a bounded source's shards, say) the driver writes for stage {@code stageId}. */
  public int seedCount(int stageId) {
    int count = 0;
    for (int edge : stage(stageId).inputEdges()) {
      if (edge(edge).isSeeded()) {
        count += seeds(edge).size();
      }
    }
    return count;
  }

  /** How many distinct writers put data on an edge at the start: the producer's workers, or the driver. */
  public int producerCount(EdgeSpec edge) {
    return edge.isSeeded() ? 1 : stage(edge.producerStage()).parallelism();
  }

  /** The most writers an edge can have: an elastic producer's largest pool. */
  public int maxProducerCount(EdgeSpec edge) {
    return edge.isSeeded() ? 1 : stage(edge.producerStage()).maxWorkers();
  }

  private void validate() {
    for (EdgeSpec edge : edges.values()) {
      StageSpec consumer = stages.get(edge.consumerStage());
      if (consumer == null || !consumer.inputEdges().contains(edge.id())) {
        throw new IllegalArgumentException(edge + " is not an input of its consumer stage");
      }
      if (!edge.isSeeded()) {
        StageSpec producer = stages.get(edge.producerStage());
        if (producer == null || !producer.outputEdges().contains(edge.id())) {
          throw new IllegalArgumentException(edge + " is not an output of its producer stage");
        }
        if (external.containsKey(edge.id())) {
          throw new IllegalArgumentException(edge + " is written by a stage, not by an outside system");
        }
      } else if (edge.partitioning() != Partitioning.FORWARD
          && edge.partitioning() != Partitioning.SINGLETON) {
        throw new IllegalArgumentException("Seeded " + edge + " must be FORWARD or SINGLETON");
      }
    }
    for (StageSpec stage : stages.values()) {
      for (int id : stage.inputEdges()) {
        if (!edges.containsKey(id) || edges.get(id).consumerStage() != stage.id()) {
          throw new IllegalArgumentException(stage + " reads edge " + id + " it does not consume");
        }
      }
      for (int id : stage.outputEdges()) {
        if (!edges.containsKey(id) || edges.get(id).producerStage() != stage.id()) {
          throw new IllegalArgumentException(stage + " writes edge " + id + " it does not produce");
        }
      }
    }
    if (topologicalOrder().size() != stages.size()) {
      throw new IllegalArgumentException("The stages of job " + name + " form a cycle");
    }
  }

  /** Stages ordered so that every producer comes before its consumers. */
  public List<StageSpec> topologicalOrder() {
    Map<Integer, Integer> pending = new HashMap<>();
    for (StageSpec stage : stages.values()) {
      int upstream = 0;
      for (int id : stage.inputEdges()) {
        upstream += edges.get(id).isSeeded() ? 0 : 1;
      }
      pending.put(stage.id(), upstream);
    }
    Deque<StageSpec> ready = new ArrayDeque<>();
    stages.values().stream().filter(s -> pending.get(s.id()) == 0).forEach(ready::add);
    List<StageSpec> order = new ArrayList<>();
    while (!ready.isEmpty()) {
      StageSpec stage = ready.poll();
      order.add(stage);
      for (int id : stage.outputEdges()) {
        int consumer = edges.get(id).consumerStage();
        if (pending.merge(consumer, -1, Integer::sum) == 0) {
          ready.add(stages.get(consumer));
        }
      }
    }
    return order;
  }
}
