package io.solstice.translation.runtime.operators;

import java.util.Arrays;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.transforms.Combine.CombineFn;

/**
 * A CombineFn whose inputs are the accumulators of another: what the post-shuffle half of a lifted
 * combine runs. Adding an input merges it into the accumulator.
 */
public final class AccumulatorMergingFn<AccumT, OutputT> extends CombineFn<AccumT, AccumT, OutputT> {
  private static final long serialVersionUID = 1L;

  private final CombineFn<?, AccumT, OutputT> fn;
  private final Coder<AccumT> accumulatorCoder;

  public AccumulatorMergingFn(CombineFn<?, AccumT, OutputT> fn, Coder<AccumT> accumulatorCoder) {
    this.fn = fn;
    this.accumulatorCoder = accumulatorCoder;
  }

  @Override
  public AccumT createAccumulator() {
    return fn.createAccumulator();
  }

  @Override
  public AccumT addInput(AccumT accumulator, AccumT input) {
    return fn.mergeAccumulators(Arrays.asList(accumulator, input));
  }

  @Override
  public AccumT mergeAccumulators(Iterable<AccumT> accumulators) {
    return fn.mergeAccumulators(accumulators);
  }

  @Override
  public OutputT extractOutput(AccumT accumulator) {
    return fn.extractOutput(accumulator);
  }

  @Override
  public AccumT compact(AccumT accumulator) {
    return fn.compact(accumulator);
  }

  @Override
  public Coder<AccumT> getAccumulatorCoder(CoderRegistry registry, Coder<AccumT> inputCoder) {
    return accumulatorCoder;
  }
}
