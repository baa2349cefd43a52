package io.solstice.translation.overrides;

import org.apache.beam.sdk.runners.AppliedPTransform;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.util.construction.PTransformReplacements;
import org.apache.beam.sdk.util.construction.SingleInputOutputOverrideFactory;
import org.apache.beam.sdk.values.PCollection;

/**
 * {@code Redistribute.arbitrarily()} keeps every element with its timestamp, windows and pane, and
 * only changes which worker holds it: a {@link Rebalance}.
 */
final class RebalanceOverrideFactory<T>
    extends SingleInputOutputOverrideFactory<PCollection<T>, PCollection<T>, PTransform<PCollection<T>, PCollection<T>>> {

  @Override
  public PTransformReplacement<PCollection<T>, PCollection<T>> getReplacementTransform(
      AppliedPTransform<PCollection<T>, PCollection<T>, PTransform<PCollection<T>, PCollection<T>>> transform) {
    return PTransformReplacement.of(
        PTransformReplacements.getSingletonMainInput(transform), new Rebalance<T>());
  }
}
