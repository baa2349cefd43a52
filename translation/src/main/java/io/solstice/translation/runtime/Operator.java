package io.solstice.translation.runtime;

import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.values.WindowedValue;
import org.joda.time.Instant;

/**
 * The work of one primitive transform inside a fused stage: one contract for elements, side
 * inputs, watermarks and timers. A {@link FusedStage} calls it from one thread.
 */
public interface Operator {

  void open(OperatorContext context) throws Exception;

  default void startBundle() throws Exception {}

  void processElement(WindowedValue<?> element) throws Exception;

  /** A materialized value (one window's contents) of side input {@code index}. */
  default void processSideInput(int index, WindowedValue<?> value) throws Exception {
    throw new IllegalStateException(getClass().getSimpleName() + " has no side inputs");
  }

  default void processSideInputWatermark(int index, Instant watermark) throws Exception {}

  /** The main input watermark advanced; fire due timers and release what it held back. */
  default void processWatermark(Instant watermark) throws Exception {}

  /** The clock reached {@code now}: fire due processing-time timers. Called in a bundle. */
  default void processProcessingTime(Instant now) throws Exception {}

  /**
   * When the operator next needs {@link #processProcessingTime}: {@code TIMESTAMP_MAX_VALUE} if
   * never, a past time for as soon as possible.
   */
  default Instant nextProcessingTime() {
    return BoundedWindow.TIMESTAMP_MAX_VALUE;
  }

  /**
   * Synchronized processing time reached {@code time} (never past the clock): fire due
   * synchronized processing-time timers. Called in a bundle.
   */
  default void processSynchronizedProcessingTime(Instant time) throws Exception {}

  /** When the operator next needs {@link #processSynchronizedProcessingTime}, as above. */
  default Instant nextSynchronizedProcessingTime() {
    return BoundedWindow.TIMESTAMP_MAX_VALUE;
  }

  default void finishBundle() throws Exception {}

  /** The last finished bundle's output is committed. */
  default void bundleCommitted() throws Exception {}

  /** The earliest timestamp this operator may still emit, {@code TIMESTAMP_MAX_VALUE} if none. */
  default Instant watermarkHold() {
    return BoundedWindow.TIMESTAMP_MAX_VALUE;
  }

  /**
   * What this operator keeps between bundles, for a checkpoint. Called between bundles, so nothing
   * a bundle gathers (elements waiting for the bundle's end) is pending then.
   */
  default OperatorState snapshotState(long checkpointId) throws Exception {
    return OperatorState.empty();
  }

  /**
   * Loads what {@link #snapshotState} wrote, after {@link #open} and before any input. Keyed state
   * comes per key group, so that it could come from other workers once parallelism may change.
   */
  default void restoreState(OperatorState state) throws Exception {
    if (!state.isEmpty()) {
      throw new IllegalStateException(getClass().getSimpleName() + " keeps no state, but a checkpoint has some for it");
    }
  }

  /** Checkpoint {@code checkpointId}, and every earlier one, completed. Called between bundles. */
  default void checkpointCompleted(long checkpointId) throws Exception {}

  /** Bytes spilled to local disk so far (a batch grouping step past its memory); read often. */
  default long spilledBytes() {
    return 0;
  }

  default void close() throws Exception {}
}
