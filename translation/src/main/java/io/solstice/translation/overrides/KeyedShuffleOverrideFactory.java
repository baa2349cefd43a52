package io.solstice.translation.overrides;

import org.apache.beam.sdk.runners.AppliedPTransform;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.util.construction.PTransformReplacements;
import org.apache.beam.sdk.util.construction.SingleInputOutputOverrideFactory;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;

/**
 * {@code Reshuffle.of()} and {@code Redistribute.byKey()} move each key's elements to one worker,
 * keeping their order per key, as the GroupByKey they stand for would: a {@link KeyedShuffle}.
 */
final class KeyedShuffleOverrideFactory<K, V>
    extends SingleInputOutputOverrideFactory<
        PCollection<KV<K, V>>, PCollection<KV<K, V>>, PTransform<PCollection<KV<K, V>>, PCollection<KV<K, V>>>> {

  @Override
  public PTransformReplacement<PCollection<KV<K, V>>, PCollection<KV<K, V>>> getReplacementTransform(
      AppliedPTransform<PCollection<KV<K, V>>, PCollection<KV<K, V>>, PTransform<PCollection<KV<K, V>>, PCollection<KV<K, V>>>>
          transform) {
    return PTransformReplacement.of(PTransformReplacements.getSingletonMainInput(transform), new KeyedShuffle<K, V>());
  }
}
