package io.solstice.translation.overrides;

import java.util.HashMap;
import java.util.Map;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.runners.AppliedPTransform;
import org.apache.beam.sdk.runners.PTransformOverrideFactory;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.util.construction.PTransformReplacements;
import org.apache.beam.sdk.util.construction.ReplacementOutputs;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;

/** Replaces a ParDo with state or timers by {@link KeyedShuffle} then {@link StatefulParDo}. */
final class StatefulParDoOverrideFactory<K, V, OutputT>
    implements PTransformOverrideFactory<
        PCollection<KV<K, V>>, PCollectionTuple, PTransform<PCollection<KV<K, V>>, PCollectionTuple>> {

  @Override
  @SuppressWarnings("unchecked")
  public PTransformReplacement<PCollection<KV<K, V>>, PCollectionTuple> getReplacementTransform(
      AppliedPTransform<PCollection<KV<K, V>>, PCollectionTuple, PTransform<PCollection<KV<K, V>>, PCollectionTuple>>
          transform) {
    ParDo.MultiOutput<KV<K, V>, OutputT> parDo =
        (ParDo.MultiOutput<KV<K, V>, OutputT>) (PTransform<?, ?>) transform.getTransform();
    Map<TupleTag<?>, Coder<?>> coders = new HashMap<>();
    transform.getOutputs().forEach((tag, pcollection) -> coders.put(tag, pcollection.getCoder()));
    return PTransformReplacement.of(
        PTransformReplacements.getSingletonMainInput(transform), new ShuffleThenStateful<>(parDo, coders));
  }

  @Override
  public Map<PCollection<?>, ReplacementOutput> mapOutputs(
      Map<TupleTag<?>, PCollection<?>> outputs, PCollectionTuple newOutput) {
    return ReplacementOutputs.tagged(outputs, newOutput);
  }

  private static final class ShuffleThenStateful<K, V, OutputT>
      extends PTransform<PCollection<KV<K, V>>, PCollectionTuple> {
    private final ParDo.MultiOutput<KV<K, V>, OutputT> parDo;
    private final Map<TupleTag<?>, Coder<?>> coders;

    ShuffleThenStateful(ParDo.MultiOutput<KV<K, V>, OutputT> parDo, Map<TupleTag<?>, Coder<?>> coders) {
      this.parDo = parDo;
      this.coders = coders;
    }

    @Override
    public PCollectionTuple expand(PCollection<KV<K, V>> input) {
      return input
          .apply("ShuffleByKey", new KeyedShuffle<>())
          .apply("Stateful", new StatefulParDo<>(parDo, coders));
    }
  }
}
