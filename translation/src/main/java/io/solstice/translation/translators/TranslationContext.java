package io.solstice.translation.translators;

import io.solstice.translation.graph.LogicalGraph;
import io.solstice.translation.graph.PCollectionNode;
import io.solstice.translation.graph.SideInputRef;
import io.solstice.translation.graph.TransformNode;
import java.util.HashMap;
import java.util.Map;
import org.apache.beam.runners.core.metrics.MetricsContainerStepMap;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.runners.AppliedPTransform;
import org.apache.beam.sdk.runners.TransformHierarchy;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.PValue;
import org.apache.beam.sdk.values.TupleTag;

/** State shared by the translators while they build the logical graph of one pipeline. */
public final class TranslationContext {
  private final Pipeline pipeline;
  private final PipelineOptions options;
  private final int parallelism;
  private final LogicalGraph graph = new LogicalGraph();
  private final Map<PValue, Integer> pcollections = new HashMap<>();
  private final Map<TupleTag<?>, Integer> viewData = new HashMap<>();
  private final MetricsContainerStepMap driverMetrics = new MetricsContainerStepMap();

  public TranslationContext(Pipeline pipeline, PipelineOptions options, int parallelism) {
    this.pipeline = pipeline;
    this.options = options;
    this.parallelism = parallelism;
  }

  public PipelineOptions options() {
    return options;
  }

  /** The default number of workers per stage. */
  public int parallelism() {
    return parallelism;
  }

  public LogicalGraph graph() {
    return graph;
  }

  /**
   * Metrics reported by user code the driver runs while translating, such as a source's split;
   * they count as attempted and committed.
   */
  public MetricsContainerStepMap driverMetrics() {
    return driverMetrics;
  }

  public AppliedPTransform<?, ?, ?> applied(TransformHierarchy.Node node) {
    return node.toAppliedPTransform(pipeline);
  }

  /** The id of a PCollection that an earlier transform produced. */
  public int input(PCollection<?> pcollection) {
    Integer id = pcollections.get(pcollection);
    if (id == null) {
      throw new IllegalStateException(pcollection.getName() + " is read before it is produced");
    }
    return id;
  }

  /** Registers a PCollection produced by the transform being translated. */
  public int output(PCollection<?> pcollection) {
    PCollectionNode node =
        graph.addPCollection(
            pcollection.getName(),
            pcollection.getCoder(),
            pcollection.getWindowingStrategy(),
            pcollection.isBounded() == PCollection.IsBounded.BOUNDED);
    pcollections.put(pcollection, node.id());
    return node.id();
  }

  public TransformNode add(TransformNode.Builder node) {
    return graph.add(node);
  }

  /** Records which PCollection carries the materialized contents of a view. */
  public void materializes(PCollectionView<?> view, int data) {
    viewData.put(view.getTagInternal(), data);
  }

  public SideInputRef sideInput(PCollectionView<?> view) {
    Integer data = viewData.get(view.getTagInternal());
    if (data == null) {
      throw new IllegalStateException(
          "Side input " + view.getTagInternal().getId() + " is read before it is materialized");
    }
    return new SideInputRef(view, data);
  }
}
