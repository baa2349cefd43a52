package io.solstice.translation.overrides;

import java.util.Map;
import org.apache.beam.model.pipeline.v1.RunnerApi.FunctionSpec;
import org.apache.beam.sdk.util.construction.PTransformTranslation.RawPTransform;
import org.apache.beam.sdk.util.construction.SplittableParDo.ProcessKeyedElements;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PCollectionViews;
import org.apache.beam.sdk.values.PValue;
import org.apache.beam.sdk.values.TupleTag;

/**
 * Runner primitive: processes the (element, restriction) pairs of a splittable DoFn, each under the
 * unique key the SDF expansion gave it, on an input shuffled by that key, so that a restriction
 * can checkpoint into keyed state and resume from a timer.
 */
public final class SplittableProcess<InputT, OutputT, RestrictionT, WatermarkEstimatorStateT>
    extends RawPTransform<PCollection<KV<byte[], KV<InputT, RestrictionT>>>, PCollectionTuple> {
  public static final String URN = "solstice:transform:splittable_process:v1";

  private final ProcessKeyedElements<InputT, OutputT, RestrictionT, WatermarkEstimatorStateT> original;

  SplittableProcess(ProcessKeyedElements<InputT, OutputT, RestrictionT, WatermarkEstimatorStateT> original) {
    this.original = original;
  }

  /** The splittable DoFn, its coders, outputs and side inputs. */
  public ProcessKeyedElements<InputT, OutputT, RestrictionT, WatermarkEstimatorStateT> original() {
    return original;
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
  public Map<TupleTag<?>, PValue> getAdditionalInputs() {
    return PCollectionViews.toAdditionalInputs(original.getSideInputs());
  }

  @Override
  public PCollectionTuple expand(PCollection<KV<byte[], KV<InputT, RestrictionT>>> input) {
    return ProcessKeyedElements.createPrimitiveOutputFor(
        input,
        original.getFn(),
        original.getMainOutputTag(),
        original.getAdditionalOutputTags(),
        original.getOutputTagsToCoders(),
        original.getInputWindowingStrategy());
  }
}
