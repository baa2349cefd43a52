package io.solstice.translation.runtime.operators;

import org.apache.beam.runners.core.StateInternals;
import org.apache.beam.runners.core.StepContext;
import org.apache.beam.runners.core.TimerInternals;
import org.apache.beam.sdk.transforms.DoFn.BundleFinalizer;

/** Step context of a ParDo without state or timers: only bundle finalization. */
final class StatelessStepContext implements StepContext {
  private final BundleFinalizer finalizer;

  StatelessStepContext(BundleFinalizer finalizer) {
    this.finalizer = finalizer;
  }

  @Override
  public StateInternals stateInternals() {
    throw new UnsupportedOperationException("State is only available to a stateful ParDo");
  }

  @Override
  public TimerInternals timerInternals() {
    throw new UnsupportedOperationException("Timers are only available to a stateful ParDo");
  }

  @Override
  public BundleFinalizer bundleFinalizer() {
    return finalizer;
  }
}
