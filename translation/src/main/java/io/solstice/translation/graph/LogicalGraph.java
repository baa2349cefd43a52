package io.solstice.translation.graph;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.values.WindowingStrategy;

/**
 * The pipeline after translation: primitive transforms as {@link TransformNode}s, in topological
 * order, connected by {@link PCollectionNode}s.
 */
public final class LogicalGraph {
  private final List<PCollectionNode> pcollections = new ArrayList<>();
  private final List<TransformNode> transforms = new ArrayList<>();
  private final Map<Integer, List<Integer>> consumers = new HashMap<>();
  private final Map<Integer, Integer> producers = new HashMap<>();

  public PCollectionNode addPCollection(
      String name, Coder<?> coder, WindowingStrategy<?, ?> windowing, boolean bounded) {
    PCollectionNode node = new PCollectionNode(pcollections.size(), name, coder, windowing, bounded);
    pcollections.add(node);
    return node;
  }

  /** Adds a transform; its inputs must already have producers (topological order). */
  public TransformNode add(TransformNode.Builder builder) {
    TransformNode node = builder.build(transforms.size());
    for (int input : node.mainInputs()) {
      requireProduced(node, input);
      consumers.computeIfAbsent(input, k -> new ArrayList<>()).add(node.id());
    }
    for (SideInputRef side : node.sideInputs()) {
      requireProduced(node, side.data());
      consumers.computeIfAbsent(side.data(), k -> new ArrayList<>()).add(node.id());
    }
    for (int output : node.outputs().values()) {
      if (producers.putIfAbsent(output, node.id()) != null) {
        throw new IllegalStateException(pcollection(output) + " has two producers");
      }
    }
    transforms.add(node);
    return node;
  }

  private void requireProduced(TransformNode node, int input) {
    if (!producers.containsKey(input)) {
      throw new IllegalStateException(
          "Transform " + node.name() + " reads " + pcollection(input) + " before it is produced");
    }
  }

  public PCollectionNode pcollection(int id) {
    return pcollections.get(id);
  }

  public List<TransformNode> transforms() {
    return transforms;
  }

  public TransformNode transform(int id) {
    return transforms.get(id);
  }

  public int producer(int pcollection) {
    return producers.get(pcollection);
  }

  public List<Integer> consumers(int pcollection) {
    return consumers.getOrDefault(pcollection, List.of());
  }
}
