package io.solstice.translation.overrides;

import java.util.Map;
import org.apache.beam.model.pipeline.v1.RunnerApi.FunctionSpec;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.util.construction.PTransformTranslation.RawPTransform;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PCollectionViews;
import org.apache.beam.sdk.values.PValue;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * Runner primitive: a ParDo with state or timers, on an input already shuffled by key, so each
 * worker holds the state and timers of the key groups it owns.
 */
public final class StatefulParDo<K, V, OutputT>
    extends RawPTransform<PCollection<KV<K, V>>, PCollectionTuple> {
  public static final String URN = "solstice:transform:stateful_par_do:v1";

  private final ParDo.MultiOutput<KV<K, V>, OutputT> parDo;
  private final Map<TupleTag<?>, Coder<?>> outputCoders;

  StatefulParDo(ParDo.MultiOutput<KV<K, V>, OutputT> parDo, Map<TupleTag<?>, Coder<?>> outputCoders) {
    this.parDo = parDo;
    this.outputCoders = outputCoders;
  }

  /** The original ParDo: its DoFn, output tags and side inputs. */
  public ParDo.MultiOutput<KV<K, V>, OutputT> parDo() {
    return parDo;
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
    return PCollectionViews.toAdditionalInputs(parDo.getSideInputs().values());
  }

  @Override
  public PCollectionTuple expand(PCollection<KV<K, V>> input) {
    return PCollectionTuple.ofPrimitiveOutputsInternal(
        input.getPipeline(),
        TupleTagList.of(parDo.getMainOutputTag()).and(parDo.getAdditionalOutputTags().getAll()),
        outputCoders,
        input.getWindowingStrategy(),
        input.isBounded());
  }
}
