package io.solstice.translation.overrides;

import org.apache.beam.model.pipeline.v1.RunnerApi.FunctionSpec;
import org.apache.beam.sdk.util.construction.PTransformTranslation.RawPTransform;
import org.apache.beam.sdk.values.PCollection;

/**
 * Runner primitive: deals elements evenly over the workers of the next stage, unchanged. {@code
 * Redistribute.arbitrarily()} becomes this.
 */
public final class Rebalance<T> extends RawPTransform<PCollection<T>, PCollection<T>> {
  public static final String URN = "solstice:transform:rebalance:v1";

  @Override
  public String getUrn() {
    return URN;
  }

  @Override
  public FunctionSpec getSpec() {
    return null;
  }

  @Override
  public PCollection<T> expand(PCollection<T> input) {
    return PCollection.createPrimitiveOutputInternal(
        input.getPipeline(), input.getWindowingStrategy(), input.isBounded(), input.getCoder());
  }
}
