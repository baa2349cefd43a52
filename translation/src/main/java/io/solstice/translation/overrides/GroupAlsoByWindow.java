package io.solstice.translation.overrides;

import org.apache.beam.model.pipeline.v1.RunnerApi.FunctionSpec;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.util.construction.PTransformTranslation.RawPTransform;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.WindowingStrategy;

/**
 * Runner primitive: GroupByKey's second half, on an input already shuffled by key. Groups by key
 * and window and fires panes per the input's windowing strategy.
 */
public final class GroupAlsoByWindow<K, V>
    extends RawPTransform<PCollection<KV<K, V>>, PCollection<KV<K, Iterable<V>>>> {
  public static final String URN = "solstice:transform:group_also_by_window:v1";

  private final WindowingStrategy<?, ?> outputWindowing;

  public GroupAlsoByWindow(WindowingStrategy<?, ?> outputWindowing) {
    this.outputWindowing = outputWindowing;
  }

  @Override
  public String getUrn() {
    return URN;
  }

  @Override
  public FunctionSpec getSpec() {
    return null;
  }

  @Override
  public PCollection<KV<K, Iterable<V>>> expand(PCollection<KV<K, V>> input) {
    return PCollection.createPrimitiveOutputInternal(
        input.getPipeline(), outputWindowing, input.isBounded(), GroupByKey.getOutputKvCoder(input.getCoder()));
  }
}
