package io.solstice.translation.overrides;

import org.apache.beam.model.pipeline.v1.RunnerApi.FunctionSpec;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.transforms.Combine.CombineFn;
import org.apache.beam.sdk.util.construction.PTransformTranslation.RawPTransform;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.WindowingStrategy;

/**
 * Runner primitive: a Combine.perKey that cannot be lifted (a trigger other than the default, or
 * merging windows), on an input already shuffled by key. Folds each value into one accumulator per
 * key and window as it arrives and extracts the output when a pane fires; the trigger still sees
 * every value.
 */
public final class CombineAlsoByWindow<K, InputT, OutputT>
    extends RawPTransform<PCollection<KV<K, InputT>>, PCollection<KV<K, OutputT>>> {
  public static final String URN = "solstice:transform:combine_also_by_window:v1";

  private final CombineFn<InputT, ?, OutputT> combineFn;
  private final WindowingStrategy<?, ?> outputWindowing;
  private final Coder<KV<K, OutputT>> outputCoder;

  CombineAlsoByWindow(
      CombineFn<InputT, ?, OutputT> combineFn,
      WindowingStrategy<?, ?> outputWindowing,
      Coder<KV<K, OutputT>> outputCoder) {
    this.combineFn = combineFn;
    this.outputWindowing = outputWindowing;
    this.outputCoder = outputCoder;
  }

  public CombineFn<InputT, ?, OutputT> combineFn() {
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
  public PCollection<KV<K, OutputT>> expand(PCollection<KV<K, InputT>> input) {
    return PCollection.createPrimitiveOutputInternal(
        input.getPipeline(), outputWindowing, input.isBounded(), outputCoder);
  }
}
