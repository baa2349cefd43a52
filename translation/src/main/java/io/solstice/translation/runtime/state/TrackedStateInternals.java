package io.solstice.translation.runtime.state;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.runners.core.StateInternals;
import org.apache.beam.runners.core.StateNamespace;
import org.apache.beam.runners.core.StateTag;
import org.apache.beam.sdk.state.ReadableState;
import org.apache.beam.sdk.state.State;
import org.apache.beam.sdk.state.StateContext;
import org.apache.beam.sdk.state.WatermarkHoldState;
import org.apache.beam.sdk.transforms.windowing.TimestampCombiner;
import org.joda.time.Instant;

/**
 * The state of one key, which reports every change to a watermark hold so that the operator knows
 * its earliest hold without scanning all keys.
 */
final class TrackedStateInternals implements StateInternals {
  private final SnapshotStateInternals<?> delegate;
  private final KeyBytes key;
  private final WatermarkHolds holds;
  // Beam's contract: the same namespace and tag give the same state object.
  private final Map<WatermarkHoldState, TrackedHold> tracked = new IdentityHashMap<>();

  TrackedStateInternals(SnapshotStateInternals<?> delegate, KeyBytes key, WatermarkHolds holds) {
    this.delegate = delegate;
    this.key = key;
    this.holds = holds;
  }

  /** The cells holding something, read from the underlying state (holds unwrapped). */
  List<SnapshotStateInternals.Cell> cells() {
    return delegate.cells();
  }

  @Override
  public Object getKey() {
    return delegate.getKey();
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T extends State> T state(StateNamespace namespace, StateTag<T> address, StateContext<?> c) {
    T state = delegate.state(namespace, address, c);
    if (state instanceof WatermarkHoldState) {
      return (T)
          tracked.computeIfAbsent(
              (WatermarkHoldState) state,
              hold -> new TrackedHold(hold, new WatermarkHolds.HoldId(key, namespace.stringKey(), address.getId())));
    }
    return state;
  }

  private final class TrackedHold implements WatermarkHoldState {
    private final WatermarkHoldState hold;
    private final WatermarkHolds.HoldId id;

    TrackedHold(WatermarkHoldState hold, WatermarkHolds.HoldId id) {
      this.hold = hold;
      this.id = id;
    }

    @Override
    public TimestampCombiner getTimestampCombiner() {
      return hold.getTimestampCombiner();
    }

    @Override
    public void add(Instant value) {
      hold.add(value);
      holds.set(id, hold.read());
    }

    @Override
    public ReadableState<Boolean> isEmpty() {
      return hold.isEmpty();
    }

    @Override
    public Instant read() {
      return hold.read();
    }

    @Override
    public WatermarkHoldState readLater() {
      return this;
    }

    @Override
    public void clear() {
      hold.clear();
      holds.set(id, null);
    }
  }
}
