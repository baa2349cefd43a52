package io.solstice.translation.overrides;

import org.apache.beam.model.pipeline.v1.RunnerApi.FunctionSpec;
import org.apache.beam.sdk.util.construction.PTransformTranslation.RawPTransform;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;

/**
 * Runner primitive: moves every element to the worker that owns its key's key group. The elements
 * are unchanged; GroupByKey's first half, and the input of stateful and combining steps.
 */
public final class KeyedShuffle<K, V> extends RawPTransform<PCollection<KV<K, V>>, PCollection<KV<K, V>>> {
  public static final String URN = "solstice:transform:keyed_shuffle:v1";

  @Override
  public String getUrn() {
    return URN;
  }

  @Override
  public FunctionSpec getSpec() {
    return null;
  }

  @Override
  public PCollection<KV<K, V>> expand(PCollection<KV<K, V>> input) {
    return PCollection.createPrimitiveOutputInternal(
        input.getPipeline(), input.getWindowingStrategy(), input.isBounded(), input.getCoder());
  }
}
