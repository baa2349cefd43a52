package io.solstice.translation.runtime.operators;

import io.solstice.translation.runtime.Operator;
import io.solstice.translation.runtime.OperatorSpec;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.util.SerializableUtils;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.WindowingStrategy;

/** A splittable DoFn and what processing its restrictions needs. */
public final class SplittableProcessSpec<InputT, OutputT, RestrictionT, WatermarkEstimatorStateT>
    implements OperatorSpec {
  private static final long serialVersionUID = 1L;

  final DoFn<InputT, OutputT> fn;
  final Coder<InputT> elementCoder;
  final Coder<RestrictionT> restrictionCoder;
  final Coder<WatermarkEstimatorStateT> watermarkEstimatorStateCoder;
  final WindowingStrategy<InputT, ?> windowing;
  final List<PCollectionView<?>> sideInputs;
  final Map<String, PCollectionView<?>> sideInputMapping;
  final TupleTag<OutputT> mainOutput;
  final List<TupleTag<?>> additionalOutputs;
  final Map<TupleTag<?>, Coder<?>> outputCoders;

  public SplittableProcessSpec(
      DoFn<InputT, OutputT> fn,
      Coder<InputT> elementCoder,
      Coder<RestrictionT> restrictionCoder,
      Coder<WatermarkEstimatorStateT> watermarkEstimatorStateCoder,
      WindowingStrategy<InputT, ?> windowing,
      List<PCollectionView<?>> sideInputs,
      Map<String, PCollectionView<?>> sideInputMapping,
      TupleTag<OutputT> mainOutput,
      List<TupleTag<?>> additionalOutputs,
      Map<TupleTag<?>, Coder<?>> outputCoders) {
    this.fn = fn;
    this.elementCoder = elementCoder;
    this.restrictionCoder = restrictionCoder;
    this.watermarkEstimatorStateCoder = watermarkEstimatorStateCoder;
    this.windowing = windowing;
    this.sideInputs = List.copyOf(sideInputs);
    this.sideInputMapping = sideInputMapping;
    this.mainOutput = mainOutput;
    this.additionalOutputs = List.copyOf(additionalOutputs);
    this.outputCoders = outputCoders;
  }

  @SuppressWarnings("unchecked")
  DoFn<InputT, OutputT> copyFn() {
    return (DoFn<InputT, OutputT>) SerializableUtils.clone(fn);
  }

  @Override
  public boolean keepsWorkerState() {
    return !sideInputs.isEmpty();
  }

  @Override
  public boolean waitsForCheckpoints() {
    return FinalizerUse.of(fn);
  }

  @Override
  public Operator create() {
    return new SplittableProcessOperator<>(this);
  }
}
