package io.solstice.translation.overrides;

import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.runners.AppliedPTransform;
import org.apache.beam.sdk.runners.PTransformMatcher;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.Combine.CombineFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.util.construction.PTransformReplacements;
import org.apache.beam.sdk.util.construction.SingleInputOutputOverrideFactory;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.WindowingStrategy;
import org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.collect.Iterables;

/**
 * A Combine.perKey of a plain CombineFn that the lifting override left alone (a trigger other than
 * the default, or merging windows) becomes a {@link KeyedShuffle} and {@link CombineAlsoByWindow}:
 * one accumulator per key and window in state, as the Flink runner keeps in streaming, rather than
 * Beam's expansion into a GroupByKey that buffers every value until its window's last pane (a
 * windowed count with early panes held 20 times Flink's state in its checkpoints).
 */
final class CombineInWindowsOverrideFactory<K, InputT, OutputT>
    extends SingleInputOutputOverrideFactory<
        PCollection<KV<K, InputT>>,
        PCollection<KV<K, OutputT>>,
        PTransform<PCollection<KV<K, InputT>>, PCollection<KV<K, OutputT>>>> {

  /** Plain Combine.perKey; apply after the lifting override, which takes the liftable ones. */
  static PTransformMatcher matcher() {
    return new PTransformMatcher() {
      @Override
      public boolean matches(AppliedPTransform<?, ?, ?> application) {
        return CombineLiftingOverrideFactory.isPlainCombine(application);
      }

      @Override
      public String toString() {
        return "Combine.perKey of a CombineFn";
      }
    };
  }

  @Override
  @SuppressWarnings("unchecked")
  public PTransformReplacement<PCollection<KV<K, InputT>>, PCollection<KV<K, OutputT>>> getReplacementTransform(
      AppliedPTransform<
              PCollection<KV<K, InputT>>,
              PCollection<KV<K, OutputT>>,
              PTransform<PCollection<KV<K, InputT>>, PCollection<KV<K, OutputT>>>>
          transform) {
    PCollection<KV<K, OutputT>> output =
        (PCollection<KV<K, OutputT>>) Iterables.getOnlyElement(transform.getOutputs().values());
    CombineFn<InputT, ?, OutputT> fn =
        (CombineFn<InputT, ?, OutputT>) ((Combine.PerKey<K, InputT, OutputT>) transform.getTransform()).getFn();
    return PTransformReplacement.of(
        PTransformReplacements.getSingletonMainInput(transform),
        new ShuffleThenCombine<>(fn, output.getWindowingStrategy(), output.getCoder()));
  }

  /** The replacement: shuffle by key, then combine per key and window. */
  private static final class ShuffleThenCombine<K, InputT, OutputT>
      extends PTransform<PCollection<KV<K, InputT>>, PCollection<KV<K, OutputT>>> {
    private final CombineFn<InputT, ?, OutputT> fn;
    private final WindowingStrategy<?, ?> outputWindowing;
    private final Coder<KV<K, OutputT>> outputCoder;

    ShuffleThenCombine(
        CombineFn<InputT, ?, OutputT> fn, WindowingStrategy<?, ?> outputWindowing, Coder<KV<K, OutputT>> outputCoder) {
      this.fn = fn;
      this.outputWindowing = outputWindowing;
      this.outputCoder = outputCoder;
    }

    @Override
    public PCollection<KV<K, OutputT>> expand(PCollection<KV<K, InputT>> input) {
      return input
          .apply("ShuffleByKey", new KeyedShuffle<>())
          .apply("CombineAlsoByWindow", new CombineAlsoByWindow<K, InputT, OutputT>(fn, outputWindowing, outputCoder));
    }
  }
}
