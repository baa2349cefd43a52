package io.solstice.translation.runtime;

import org.apache.beam.sdk.values.WindowedValue;

/** Receives the elements a fused stage sends to one of its output edges. */
@FunctionalInterface
public interface StageOutput {
  void emit(WindowedValue<?> value) throws Exception;
}
