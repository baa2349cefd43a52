package io.solstice.translation.overrides;

import org.apache.beam.sdk.runners.AppliedPTransform;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.util.construction.PTransformReplacements;
import org.apache.beam.sdk.util.construction.SingleInputOutputOverrideFactory;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.WindowingStrategy;
import org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.collect.Iterables;

/** Replaces GroupByKey with {@link KeyedShuffle} followed by {@link GroupAlsoByWindow}. */
final class GroupByKeyOverrideFactory<K, V>
    extends SingleInputOutputOverrideFactory<
        PCollection<KV<K, V>>,
        PCollection<KV<K, Iterable<V>>>,
        PTransform<PCollection<KV<K, V>>, PCollection<KV<K, Iterable<V>>>>> {

  @Override
  public PTransformReplacement<PCollection<KV<K, V>>, PCollection<KV<K, Iterable<V>>>> getReplacementTransform(
      AppliedPTransform<
              PCollection<KV<K, V>>,
              PCollection<KV<K, Iterable<V>>>,
              PTransform<PCollection<KV<K, V>>, PCollection<KV<K, Iterable<V>>>>>
          transform) {
    PCollection<?> output = Iterables.getOnlyElement(transform.getOutputs().values());
    return PTransformReplacement.of(
        PTransformReplacements.getSingletonMainInput(transform),
        new ShuffleThenGroup<K, V>(output.getWindowingStrategy()));
  }

  /** The replacement: shuffle by key, then group by window. */
  private static final class ShuffleThenGroup<K, V>
      extends PTransform<PCollection<KV<K, V>>, PCollection<KV<K, Iterable<V>>>> {
    private final WindowingStrategy<?, ?> outputWindowing;

    ShuffleThenGroup(WindowingStrategy<?, ?> outputWindowing) {
      this.outputWindowing = outputWindowing;
    }

    @Override
    public PCollection<KV<K, Iterable<V>>> expand(PCollection<KV<K, V>> input) {
      return input
          .apply("ShuffleByKey", new KeyedShuffle<>())
          .apply("GroupAlsoByWindow", new GroupAlsoByWindow<>(outputWindowing));
    }
  }
}
