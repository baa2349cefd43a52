package io.solstice.translation.overrides;

import java.util.Map;
import org.apache.beam.sdk.runners.AppliedPTransform;
import org.apache.beam.sdk.runners.PTransformOverrideFactory;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.util.construction.PTransformReplacements;
import org.apache.beam.sdk.util.construction.ReplacementOutputs;
import org.apache.beam.sdk.util.construction.SplittableParDo.ProcessKeyedElements;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;

/** Replaces the keyed processing of a splittable DoFn by {@link KeyedShuffle} then {@link SplittableProcess}. */
final class SplittableProcessOverrideFactory<InputT, OutputT, RestrictionT, WatermarkEstimatorStateT>
    implements PTransformOverrideFactory<
        PCollection<KV<byte[], KV<InputT, RestrictionT>>>,
        PCollectionTuple,
        ProcessKeyedElements<InputT, OutputT, RestrictionT, WatermarkEstimatorStateT>> {

  @Override
  public PTransformReplacement<PCollection<KV<byte[], KV<InputT, RestrictionT>>>, PCollectionTuple>
      getReplacementTransform(
          AppliedPTransform<
                  PCollection<KV<byte[], KV<InputT, RestrictionT>>>,
                  PCollectionTuple,
                  ProcessKeyedElements<InputT, OutputT, RestrictionT, WatermarkEstimatorStateT>>
              transform) {
    return PTransformReplacement.of(
        PTransformReplacements.getSingletonMainInput(transform), new ShuffleThenProcess<>(transform.getTransform()));
  }

  @Override
  public Map<PCollection<?>, ReplacementOutput> mapOutputs(
      Map<TupleTag<?>, PCollection<?>> outputs, PCollectionTuple newOutput) {
    return ReplacementOutputs.tagged(outputs, newOutput);
  }

  private static final class ShuffleThenProcess<InputT, OutputT, RestrictionT, WatermarkEstimatorStateT>
      extends PTransform<PCollection<KV<byte[], KV<InputT, RestrictionT>>>, PCollectionTuple> {
    private final ProcessKeyedElements<InputT, OutputT, RestrictionT, WatermarkEstimatorStateT> original;

    ShuffleThenProcess(ProcessKeyedElements<InputT, OutputT, RestrictionT, WatermarkEstimatorStateT> original) {
      this.original = original;
    }

    @Override
    public PCollectionTuple expand(PCollection<KV<byte[], KV<InputT, RestrictionT>>> input) {
      // Beam keys each restriction at random: a hash of those keys may put several restrictions on one
      // worker while another has none, so the runner may choose keys that deal them out evenly.
      return input
          .apply("ShuffleByKey", KeyedShuffle.<byte[], KV<InputT, RestrictionT>>ofRandomKeys())
          .apply("Process", new SplittableProcess<>(original));
    }
  }
}
