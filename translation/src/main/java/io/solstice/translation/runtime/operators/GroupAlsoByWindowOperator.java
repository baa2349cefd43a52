package io.solstice.translation.runtime.operators;

import io.solstice.translation.runtime.Operator;
import io.solstice.translation.runtime.OperatorContext;
import io.solstice.translation.runtime.OperatorState;
import io.solstice.translation.runtime.state.KeyBytes;
import io.solstice.translation.runtime.state.KeyGroupSnapshots;
import io.solstice.translation.runtime.state.KeyedStateBackend;
import io.solstice.translation.runtime.state.KeyedTimers;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.runners.core.GroupAlsoByWindowsAggregators;
import org.apache.beam.runners.core.LateDataUtils;
import org.apache.beam.runners.core.NullSideInputReader;
import org.apache.beam.runners.core.ReduceFnRunner;
import org.apache.beam.runners.core.SystemReduceFn;
import org.apache.beam.runners.core.TimerInternals.TimerData;
import org.apache.beam.runners.core.metrics.CounterCell;
import org.apache.beam.runners.core.triggers.ExecutableTriggerStateMachine;
import org.apache.beam.runners.core.triggers.TriggerStateMachines;
import org.apache.beam.sdk.metrics.MetricName;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.state.TimeDomain;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.util.WindowedValueMultiReceiver;
import org.apache.beam.sdk.util.construction.TriggerTranslation;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.WindowedValue;
import org.apache.beam.sdk.values.WindowingStrategy;
import org.joda.time.Instant;

/**
 * GroupByKey's second half on a keyed input: runners-core's {@link ReduceFnRunner} per key, with
 * keyed in-memory state and timers. Elements of a bundle are gathered per key and handed over in
 * one call per key; due event-time timers fire as the input watermark passes them.
 */
final class GroupAlsoByWindowOperator<K, InputT, OutputT, W extends BoundedWindow> implements Operator {
  private final GroupAlsoByWindowSpec<K, InputT, OutputT> spec;
  // ReduceFnRunner's timers hold the watermark at their own time, which never delays it: an
  // event-time timer is pending only while the input watermark has not passed it.
  private final KeyedTimers timers = new KeyedTimers(timer -> timer.getDomain() == TimeDomain.EVENT_TIME);
  private KeyedStateBackend state;
  private final Map<KeyBytes, List<WindowedValue<InputT>>> pending = new LinkedHashMap<>();
  private WindowingStrategy<?, W> windowing;
  private SystemReduceFn<K, InputT, ?, OutputT, W> reduceFn;
  private ExecutableTriggerStateMachine trigger;
  private WindowedValueMultiReceiver output;
  private PipelineOptions options;
  private CounterCell droppedDueToLateness;

  GroupAlsoByWindowOperator(GroupAlsoByWindowSpec<K, InputT, OutputT> spec) {
    this.spec = spec;
  }

  @Override
  @SuppressWarnings("unchecked")
  public void open(OperatorContext context) {
    windowing = (WindowingStrategy<?, W>) spec.windowing;
    state = new KeyedStateBackend(context::keyGroupOf);
    reduceFn = spec.reduceFn();
    trigger =
        ExecutableTriggerStateMachine.create(
            TriggerStateMachines.stateMachineForTrigger(TriggerTranslation.toProto(windowing.getTrigger())));
    output = context.output();
    options = context.options();
    droppedDueToLateness =
        context
            .metrics()
            .getCounter(
                MetricName.named(
                    GroupAlsoByWindowsAggregators.class,
                    GroupAlsoByWindowsAggregators.DROPPED_DUE_TO_LATENESS_COUNTER));
  }

  @Override
  @SuppressWarnings("unchecked")
  public void processElement(WindowedValue<?> element) {
    KV<K, InputT> kv = (KV<K, InputT>) element.getValue();
    KeyBytes key = KeyBytes.of(spec.keyCoder, kv.getKey());
    pending.computeIfAbsent(key, k -> new ArrayList<>()).add(element.withValue(kv.getValue()));
  }

  /** Hands each key its gathered elements, dropping those whose windows have expired. */
  @SuppressWarnings("unchecked")
  private void flushPending() throws Exception {
    for (Map.Entry<KeyBytes, List<WindowedValue<InputT>>> entry : pending.entrySet()) {
      K key = (K) entry.getKey().key();
      ReduceFnRunner<K, InputT, OutputT, W> runner = runnerFor(entry.getKey());
      runner.processElements(
          LateDataUtils.dropExpiredWindows(
              key, entry.getValue(), timers.forKey(entry.getKey()), windowing, droppedDueToLateness));
      runner.persist();
    }
    pending.clear();
  }

  @SuppressWarnings("unchecked")
  private ReduceFnRunner<K, InputT, OutputT, W> runnerFor(KeyBytes key) {
    return new ReduceFnRunner<>(
        (K) key.key(),
        windowing,
        trigger,
        state.forKey(key),
        timers.forKey(key),
        value -> output.output(spec.output, value),
        NullSideInputReader.empty(),
        reduceFn,
        options);
  }

  @Override
  public void processWatermark(Instant watermark) throws Exception {
    flushPending();
    timers.advanceInputWatermark(watermark);
    fireDueTimers(TimeDomain.EVENT_TIME, watermark);
    if (!watermark.isBefore(BoundedWindow.TIMESTAMP_MAX_VALUE)) {
      // The end of time: no processing-time trigger can still be waiting for anything.
      timers.advanceProcessingTime(BoundedWindow.TIMESTAMP_MAX_VALUE);
      timers.advanceSynchronizedProcessingTime(BoundedWindow.TIMESTAMP_MAX_VALUE);
      fireDueTimers(TimeDomain.PROCESSING_TIME, BoundedWindow.TIMESTAMP_MAX_VALUE);
      fireDueTimers(TimeDomain.SYNCHRONIZED_PROCESSING_TIME, BoundedWindow.TIMESTAMP_MAX_VALUE);
      fireDueTimers(TimeDomain.EVENT_TIME, watermark);
    }
    advanceOutputWatermark();
  }

  /**
   * Fires every timer due before {@code time} in rounds: each key gets all its due timers in one
   * {@code onTimers} call, and the output watermark moves on between rounds, as on the Direct
   * runner. ReduceFnRunner decides from the watermarks, not from a timer's time, whether a window
   * is at its end or expired; a timer set while a round fires (the garbage-collection timer an
   * end-of-window timer sets) must see the output watermark that round produced, or the window's
   * state, already cleared, would emit its on-time pane a second time.
   */
  private void fireDueTimers(TimeDomain domain, Instant time) throws Exception {
    Map<KeyBytes, List<TimerData>> round;
    while (!(round = timers.pollDueRound(domain, time)).isEmpty()) {
      for (Map.Entry<KeyBytes, List<TimerData>> due : round.entrySet()) {
        ReduceFnRunner<K, InputT, OutputT, W> runner = runnerFor(due.getKey());
        runner.onTimers(due.getValue());
        runner.persist();
      }
      advanceOutputWatermark();
    }
  }

  private void advanceOutputWatermark() {
    Instant hold = watermarkHold();
    Instant input = timers.inputWatermark();
    timers.advanceOutputWatermark(hold.isBefore(input) ? hold : input);
  }

  @Override
  public void processProcessingTime(Instant now) throws Exception {
    flushPending();
    timers.advanceProcessingTime(now);
    fireDueTimers(TimeDomain.PROCESSING_TIME, now);
  }

  /**
   * Continuation triggers (of a processing-time trigger upstream) set synchronized processing-time
   * timers; the worker holds that time back while upstream output is still on its way.
   */
  @Override
  public void processSynchronizedProcessingTime(Instant time) throws Exception {
    flushPending();
    timers.advanceSynchronizedProcessingTime(time);
    fireDueTimers(TimeDomain.SYNCHRONIZED_PROCESSING_TIME, time);
  }

  @Override
  public Instant nextProcessingTime() {
    return nextDue(TimeDomain.PROCESSING_TIME);
  }

  @Override
  public Instant nextSynchronizedProcessingTime() {
    return nextDue(TimeDomain.SYNCHRONIZED_PROCESSING_TIME);
  }

  private Instant nextDue(TimeDomain domain) {
    Instant earliest = timers.earliest(domain);
    return earliest == null ? BoundedWindow.TIMESTAMP_MAX_VALUE : KeyedTimers.dueAt(earliest);
  }

  @Override
  public void finishBundle() throws Exception {
    flushPending();
  }

  @Override
  public OperatorState snapshotState(long checkpointId) throws IOException {
    if (!pending.isEmpty()) {
      throw new IllegalStateException("A snapshot was asked for with a bundle's elements still pending");
    }
    return new OperatorState(snapshots().snapshot(), new byte[0]);
  }

  @Override
  public void restoreState(OperatorState restored) throws IOException {
    snapshots().restore(restored.keyGroups().values());
  }

  private KeyGroupSnapshots snapshots() {
    return new KeyGroupSnapshots(state, timers, spec.keyCoder, windowing.getWindowFn().windowCoder());
  }

  @Override
  public Instant watermarkHold() {
    Instant stateHold = state.earliestHold();
    Instant timerHold = timers.earliestOutputHold();
    return stateHold.isBefore(timerHold) ? stateHold : timerHold;
  }
}
