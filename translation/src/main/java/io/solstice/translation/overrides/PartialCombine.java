package io.solstice.translation.overrides;

import org.apache.beam.model.pipeline.v1.RunnerApi.FunctionSpec;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.transforms.Combine.CombineFn;
import org.apache.beam.sdk.util.construction.PTransformTranslation.RawPTransform;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;

/** Runner primitive: the pre-shuffle half of a lifted Combine.perKey (inputs to accumulators). */
public final class PartialCombine<K, InputT, AccumT>
    extends RawPTransform<PCollection<KV<K, InputT>>, PCollection<KV<K, AccumT>>> {
  public static final String URN = "solstice:transform:partial_combine:v1";

  private final CombineFn<InputT, AccumT, ?> combineFn;
  private final Coder<AccumT> accumulatorCoder;

  PartialCombine(CombineFn<InputT, AccumT, ?> combineFn, Coder<AccumT> accumulatorCoder) {
    this.combineFn = combineFn;
    this.accumulatorCoder = accumulatorCoder;
  }

  public CombineFn<InputT, AccumT, ?> combineFn() {
    return combineFn;
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
  public PCollection<KV<K, AccumT>> expand(PCollection<KV<K, InputT>> input) {
    KvCoder<K, InputT> inputCoder = (KvCoder<K, InputT>) input.getCoder();
    return PCollection.createPrimitiveOutputInternal(
        input.getPipeline(),
        input.getWindowingStrategy(),
        input.isBounded(),
        KvCoder.of(inputCoder.getKeyCoder(), accumulatorCoder));
  }
}
