package io.solstice.translation.runtime.operators;

import io.solstice.translation.api.TwoPhaseCommitter;
import io.solstice.translation.runtime.Operator;
import io.solstice.translation.runtime.OperatorSpec;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.DoFnSchemaInformation;
import org.apache.beam.sdk.transforms.reflect.DoFnSignatures;
import org.apache.beam.sdk.util.SerializableUtils;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.WindowingStrategy;

/** Everything needed to run one ParDo: the DoFn, its coders, outputs and side inputs. */
public final class ParDoSpec<InputT, OutputT> implements OperatorSpec {
  private static final long serialVersionUID = 1L;

  final DoFn<InputT, OutputT> fn;
  final Coder<InputT> inputCoder;
  final Map<TupleTag<?>, Coder<?>> outputCoders;
  final TupleTag<OutputT> mainOutput;
  final List<TupleTag<?>> additionalOutputs;
  final WindowingStrategy<?, ?> windowing;
  final List<PCollectionView<?>> sideInputs;
  final DoFnSchemaInformation schemaInformation;
  final Map<String, PCollectionView<?>> sideInputMapping;

  public ParDoSpec(
      DoFn<InputT, OutputT> fn,
      Coder<InputT> inputCoder,
      Map<TupleTag<?>, Coder<?>> outputCoders,
      TupleTag<OutputT> mainOutput,
      List<TupleTag<?>> additionalOutputs,
      WindowingStrategy<?, ?> windowing,
      List<PCollectionView<?>> sideInputs,
      DoFnSchemaInformation schemaInformation,
      Map<String, PCollectionView<?>> sideInputMapping) {
    this.fn = fn;
    this.inputCoder = inputCoder;
    this.outputCoders = outputCoders;
    this.mainOutput = mainOutput;
    this.additionalOutputs = List.copyOf(additionalOutputs);
    this.windowing = windowing;
    this.sideInputs = List.copyOf(sideInputs);
    this.schemaInformation = schemaInformation;
    this.sideInputMapping = sideInputMapping;
  }

  /** A fresh copy of the DoFn, so that every operator instance has its own. */
  @SuppressWarnings("unchecked")
  DoFn<InputT, OutputT> copyFn() {
    return (DoFn<InputT, OutputT>) SerializableUtils.clone(fn);
  }

  @Override
  public boolean keepsWorkerState() {
    return !sideInputs.isEmpty()
        || fn instanceof TwoPhaseCommitter
        || DoFnSignatures.getSignature(fn.getClass()).processElement().requiresStableInput();
  }

  @Override
  public boolean waitsForCheckpoints() {
    return fn instanceof TwoPhaseCommitter
        || DoFnSignatures.getSignature(fn.getClass()).processElement().requiresStableInput()
        || FinalizerUse.of(fn);
  }

  @Override
  public Operator create() {
    return new ParDoOperator<>(this);
  }
}
