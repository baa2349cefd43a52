package io.solstice.translation.runtime.state;

import org.apache.beam.runners.core.StateInternals;
import org.apache.beam.runners.core.StateNamespace;
import org.apache.beam.runners.core.StateTag;
import org.apache.beam.runners.core.StepContext;
import org.apache.beam.runners.core.TimerInternals;
import org.apache.beam.sdk.state.State;
import org.apache.beam.sdk.state.StateContext;
import org.apache.beam.sdk.state.TimeDomain;
import org.apache.beam.sdk.transforms.DoFn.BundleFinalizer;
import org.joda.time.Instant;

/**
 * The step context of a keyed operator: its state and timers are those of the current key, which
 * the operator sets before each element or timer. The views it hands out follow the current key,
 * so runners-core helpers that keep them (the stateful runner's cleanup timer and state cleaner)
 * work across keys.
 */
public final class KeyedStepContext implements StepContext {
  private final KeyedStateBackend state;
  private final KeyedTimers timers;
  private final BundleFinalizer finalizer;
  private final CurrentKeyState stateView = new CurrentKeyState();
  private final CurrentKeyTimers timersView = new CurrentKeyTimers();
  private KeyBytes key;
  private StateInternals keyState;
  private TimerInternals keyTimers;

  public KeyedStepContext(KeyedStateBackend state, KeyedTimers timers, BundleFinalizer finalizer) {
    this.state = state;
    this.timers = timers;
    this.finalizer = finalizer;
  }

  public void setKey(KeyBytes key) {
    if (!key.equals(this.key)) {
      this.key = key;
      this.keyState = state.forKey(key);
      this.keyTimers = timers.forKey(key);
    }
  }

  public KeyBytes key() {
    return key;
  }

  @Override
  public StateInternals stateInternals() {
    return stateView;
  }

  @Override
  public TimerInternals timerInternals() {
    return timersView;
  }

  @Override
  public BundleFinalizer bundleFinalizer() {
    return finalizer;
  }

  private StateInternals keyState() {
    if (keyState == null) {
      throw new IllegalStateException("State accessed outside the processing of a key");
    }
    return keyState;
  }

  private TimerInternals keyTimers() {
    if (keyTimers == null) {
      throw new IllegalStateException("Timers accessed outside the processing of a key");
    }
    return keyTimers;
  }

  private final class CurrentKeyState implements StateInternals {
    @Override
    public Object getKey() {
      return keyState().getKey();
    }

    @Override
    public <T extends State> T state(StateNamespace namespace, StateTag<T> address, StateContext<?> c) {
      return keyState().state(namespace, address, c);
    }
  }

  @SuppressWarnings("deprecation") // TimerInternals still declares the deprecated forms.
  private final class CurrentKeyTimers implements TimerInternals {
    @Override
    public void setTimer(
        StateNamespace namespace,
        String timerId,
        String timerFamilyId,
        Instant target,
        Instant outputTimestamp,
        TimeDomain timeDomain) {
      keyTimers().setTimer(namespace, timerId, timerFamilyId, target, outputTimestamp, timeDomain);
    }

    @Override
    public void setTimer(TimerData timerData) {
      keyTimers().setTimer(timerData);
    }

    @Override
    public void deleteTimer(StateNamespace namespace, String timerId, String timerFamilyId, TimeDomain timeDomain) {
      keyTimers().deleteTimer(namespace, timerId, timerFamilyId, timeDomain);
    }

    @Override
    public void deleteTimer(StateNamespace namespace, String timerId, String timerFamilyId) {
      keyTimers().deleteTimer(namespace, timerId, timerFamilyId);
    }

    @Override
    public void deleteTimer(TimerData timerKey) {
      keyTimers().deleteTimer(timerKey);
    }

    @Override
    public Instant currentProcessingTime() {
      return keyTimers().currentProcessingTime();
    }

    @Override
    public Instant currentSynchronizedProcessingTime() {
      return keyTimers().currentSynchronizedProcessingTime();
    }

    @Override
    public Instant currentInputWatermarkTime() {
      return keyTimers().currentInputWatermarkTime();
    }

    @Override
    public Instant currentOutputWatermarkTime() {
      return keyTimers().currentOutputWatermarkTime();
    }
  }
}
