package io.solstice.translation.overrides;

import org.apache.beam.sdk.coders.CannotProvideCoderException;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.runners.AppliedPTransform;
import org.apache.beam.sdk.runners.PTransformMatcher;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.Combine.CombineFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.windowing.DefaultTrigger;
import org.apache.beam.sdk.util.construction.PTransformReplacements;
import org.apache.beam.sdk.util.construction.PTransformTranslation;
import org.apache.beam.sdk.util.construction.SingleInputOutputOverrideFactory;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.WindowingStrategy;
import org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.collect.Iterables;

/**
 * Combiner lifting: Combine.perKey becomes {@link PartialCombine} (before the shuffle, in the
 * producer's stage), a {@link KeyedShuffle} of accumulators, and {@link MergeAccumulators}, as the
 * Flink and Dataflow runners do. Only for a plain CombineFn over non-merging windows with the
 * default trigger: a count or early trigger would see partial accumulators as single elements.
 */
final class CombineLiftingOverrideFactory<K, InputT, AccumT, OutputT>
    extends SingleInputOutputOverrideFactory<
        PCollection<KV<K, InputT>>,
        PCollection<KV<K, OutputT>>,
        PTransform<PCollection<KV<K, InputT>>, PCollection<KV<K, OutputT>>>> {

  static PTransformMatcher matcher() {
    return new PTransformMatcher() {
      @Override
      public boolean matches(AppliedPTransform<?, ?, ?> application) {
        return isLiftable(application);
      }

      @Override
      public String toString() {
        return "liftable Combine.perKey";
      }
    };
  }

  private static boolean isLiftable(AppliedPTransform<?, ?, ?> application) {
    if (!isPlainCombine(application)) {
      return false;
    }
    WindowingStrategy<?, ?> windowing = onlyInput(application).getWindowingStrategy();
    return !windowing.needsMerge() && DefaultTrigger.of().equals(windowing.getTrigger());
  }

  /**
   * A Combine.perKey of a plain CombineFn (no context, no side inputs) over one keyed input whose
   * accumulator coder is known: it can be combined ahead of a pane, lifted or not.
   */
  static boolean isPlainCombine(AppliedPTransform<?, ?, ?> application) {
    if (!PTransformTranslation.COMBINE_PER_KEY_TRANSFORM_URN.equals(
        PTransformTranslation.urnForTransformOrNull(application.getTransform()))) {
      return false;
    }
    Combine.PerKey<?, ?, ?> combine = (Combine.PerKey<?, ?, ?>) application.getTransform();
    if (!(combine.getFn() instanceof CombineFn)
        || !combine.getSideInputs().isEmpty()
        || application.getMainInputs().size() != 1) {
      return false;
    }
    PCollection<?> input = onlyInput(application);
    return input.getCoder() instanceof KvCoder && accumulatorCoder((CombineFn<?, ?, ?>) combine.getFn(), input) != null;
  }

  private static PCollection<?> onlyInput(AppliedPTransform<?, ?, ?> application) {
    return Iterables.getOnlyElement(application.getMainInputs().values());
  }

  @SuppressWarnings("unchecked")
  private static <A> Coder<A> accumulatorCoder(CombineFn<?, A, ?> fn, PCollection<?> input) {
    KvCoder<?, ?> coder = (KvCoder<?, ?>) input.getCoder();
    try {
      return ((CombineFn<Object, A, ?>) fn)
          .getAccumulatorCoder(input.getPipeline().getCoderRegistry(), (Coder<Object>) coder.getValueCoder());
    } catch (CannotProvideCoderException e) {
      return null;
    }
  }

  @Override
  @SuppressWarnings("unchecked")
  public PTransformReplacement<PCollection<KV<K, InputT>>, PCollection<KV<K, OutputT>>> getReplacementTransform(
      AppliedPTransform<
              PCollection<KV<K, InputT>>,
              PCollection<KV<K, OutputT>>,
              PTransform<PCollection<KV<K, InputT>>, PCollection<KV<K, OutputT>>>>
          transform) {
    PCollection<KV<K, InputT>> input = PTransformReplacements.getSingletonMainInput(transform);
    PCollection<KV<K, OutputT>> output =
        (PCollection<KV<K, OutputT>>) Iterables.getOnlyElement(transform.getOutputs().values());
    CombineFn<InputT, AccumT, OutputT> fn =
        (CombineFn<InputT, AccumT, OutputT>) ((Combine.PerKey<K, InputT, OutputT>) transform.getTransform()).getFn();
    return PTransformReplacement.of(input, new LiftedCombine<>(fn, accumulatorCoder(fn, input), output));
  }

  /** The replacement: partial combine, shuffle of accumulators, merge and extract. */
  private static final class LiftedCombine<K, InputT, AccumT, OutputT>
      extends PTransform<PCollection<KV<K, InputT>>, PCollection<KV<K, OutputT>>> {
    private final CombineFn<InputT, AccumT, OutputT> fn;
    private final Coder<AccumT> accumulatorCoder;
    private final WindowingStrategy<?, ?> outputWindowing;
    private final Coder<KV<K, OutputT>> outputCoder;

    LiftedCombine(
        CombineFn<InputT, AccumT, OutputT> fn,
        Coder<AccumT> accumulatorCoder,
        PCollection<KV<K, OutputT>> originalOutput) {
      this.fn = fn;
      this.accumulatorCoder = accumulatorCoder;
      this.outputWindowing = originalOutput.getWindowingStrategy();
      this.outputCoder = originalOutput.getCoder();
    }

    @Override
    public PCollection<KV<K, OutputT>> expand(PCollection<KV<K, InputT>> input) {
      return input
          .apply("PartialCombine", new PartialCombine<K, InputT, AccumT>(fn, accumulatorCoder))
          .apply("ShuffleAccumulators", new KeyedShuffle<>())
          .apply("MergeAccumulators", new MergeAccumulators<K, AccumT, OutputT>(fn, outputWindowing, outputCoder));
    }
  }
}
