package io.solstice.translation.overrides;

import org.apache.beam.model.pipeline.v1.RunnerApi.FunctionSpec;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.transforms.Combine.CombineFn;
import org.apache.beam.sdk.util.construction.PTransformTranslation.RawPTransform;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.WindowingStrategy;

/**
 * Runner primitive: the post-shuffle half of a lifted Combine.perKey. Merges the accumulators of
 * each key and window and extracts the output when the window's pane fires.
 */
public final class MergeAccumulators<K, AccumT, OutputT>
    extends RawPTransform<PCollection<KV<K, AccumT>>, PCollection<KV<K, OutputT>>> {
  public static final String URN = "solstice:transform:merge_accumulators:v1";

  private final CombineFn<?, AccumT, OutputT> combineFn;
  private final WindowingStrategy<?, ?> outputWindowing;
  private final Coder<KV<K, OutputT>> outputCoder;

  MergeAccumulators(
      CombineFn<?, AccumT, OutputT> combineFn,
      WindowingStrategy<?, ?> outputWindowing,
      Coder<KV<K, OutputT>> outputCoder) {
    this.combineFn = combineFn;
    this.outputWindowing = outputWindowing;
    this.outputCoder = outputCoder;
  }

  public CombineFn<?, AccumT, OutputT> combineFn() {
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
  public PCollection<KV<K, OutputT>> expand(PCollection<KV<K, AccumT>> input) {
    return PCollection.createPrimitiveOutputInternal(
        input.getPipeline(), outputWindowing, input.isBounded(), outputCoder);
  }
}
