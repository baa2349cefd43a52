package io.solstice.translation.runtime.operators;

import io.solstice.translation.runtime.JobClock;
import io.solstice.translation.runtime.Operator;
import io.solstice.translation.runtime.OperatorContext;
import io.solstice.translation.runtime.OperatorState;
import java.io.IOException;
import java.util.List;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.GlobalWindow;
import org.apache.beam.sdk.transforms.windowing.PaneInfo;
import org.apache.beam.sdk.util.WindowedValueMultiReceiver;
import org.apache.beam.sdk.values.TimestampedValue;
import org.apache.beam.sdk.values.WindowedValue;
import org.apache.beam.sdk.values.WindowedValues;
import org.joda.time.Instant;

/**
 * Replays a TestStream, one event per bundle, each only once the job is quiescent (everything the
 * previous events caused is done), as the Direct runner does. Elements go out in the global window;
 * the watermark is held at the stream's; processing-time advances move the job's manual clock. The
 * seed element starts the replay; after the last event the watermark goes to the end of time.
 */
final class TestStreamOperator<T> implements Operator {
  /** How long one call waits for quiescence before handing the worker back its loop. */
  private static final long QUIESCENCE_WAIT_MILLIS = 20;

  private final TestStreamSpec<T> spec;
  private List<TestStreamSpec.Event<T>> events;
  private WindowedValueMultiReceiver output;
  private JobClock clock;
  private boolean started;
  private int next;
  private Instant watermark = BoundedWindow.TIMESTAMP_MIN_VALUE;

  TestStreamOperator(TestStreamSpec<T> spec) {
    this.spec = spec;
  }

  @Override
  public void open(OperatorContext context) throws Exception {
    events = spec.decodeEvents();
    output = context.output();
    clock = context.jobClock();
  }

  @Override
  public OperatorState snapshotState(long checkpointId) throws IOException {
    return OperatorState.local(
        LocalStateBytes.write(
            out -> {
              out.writeBoolean(started);
              out.writeInt(next);
              out.writeLong(watermark.getMillis());
            }));
  }

  @Override
  public void restoreState(OperatorState state) throws IOException {
    LocalStateBytes.read(
        state.local(),
        "TestStream",
        in -> {
          started = in.readBoolean();
          next = in.readInt();
          watermark = new Instant(in.readLong());
        });
  }

  @Override
  public void processElement(WindowedValue<?> seed) {
    started = true;
  }

  @Override
  public Instant nextProcessingTime() {
    return started && !ended() ? BoundedWindow.TIMESTAMP_MIN_VALUE : BoundedWindow.TIMESTAMP_MAX_VALUE;
  }

  private boolean ended() {
    return !watermark.isBefore(BoundedWindow.TIMESTAMP_MAX_VALUE);
  }

  @Override
  public void processProcessingTime(Instant now) throws InterruptedException {
    if (!started || ended() || !awaitQuiescence()) {
      return;
    }
    if (next == events.size()) {
      watermark = BoundedWindow.TIMESTAMP_MAX_VALUE;
      return;
    }
    TestStreamSpec.Event<T> event = events.get(next++);
    if (event.elements != null) {
      for (TimestampedValue<T> element : event.elements) {
        output.output(
            spec.output,
            WindowedValues.of(element.getValue(), element.getTimestamp(), GlobalWindow.INSTANCE, PaneInfo.NO_FIRING));
      }
    } else if (event.watermark != null) {
      if (event.watermark.isAfter(watermark)) {
        watermark = event.watermark;
      }
    } else {
      clock.advance(event.advance);
    }
  }

  private boolean awaitQuiescence() throws InterruptedException {
    long deadline = System.currentTimeMillis() + QUIESCENCE_WAIT_MILLIS;
    while (!clock.quiescent()) {
      if (System.currentTimeMillis() >= deadline) {
        return false;
      }
      Thread.sleep(1);
    }
    return true;
  }

  @Override
  public Instant watermarkHold() {
    return watermark;
  }
}
