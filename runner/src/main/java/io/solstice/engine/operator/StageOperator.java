package io.solstice.engine.operator;

/**
 * The work of one stage worker: the single contract between the engine and what runs in a stage.
 *
 * <p>The engine calls it from one thread, in bundles: {@link #startBundle()}, any number of {@link
 * #processSplit} and {@link #advanceWatermark} calls, then {@link #finishBundle()}. Once the
 * bundle's output is durable on the output queues and its input offsets are committed, the engine
 * calls {@link #bundleCommitted()}.
 */
public interface StageOperator {

  void open(OperatorContext context) throws Exception;

  void startBundle() throws Exception;

  /** Handles one split of coder-encoded elements read from input {@code input}. */
  void processSplit(int input, Split split) throws Exception;

  /**
   * Input {@code input}'s watermark advanced to {@code watermark} (epoch millis, {@link
   * Watermarks#END} once the input has ended). Called in non-decreasing order per input.
   */
  void advanceWatermark(int input, long watermark) throws Exception;

  /**
   * The clock reached {@code nowMillis}: fire what is due. Called in a bundle, at or after the time
   * {@link #nextProcessingTime()} asked for, whether or not input arrived.
   */
  default void advanceProcessingTime(long nowMillis) throws Exception {}

  /**
   * When the operator next needs {@link #advanceProcessingTime}, in epoch millis: {@code
   * Long.MAX_VALUE} if it has nothing scheduled, a past time for as soon as possible.
   */
  default long nextProcessingTime() {
    return Long.MAX_VALUE;
  }

  /**
   * Synchronized processing time reached {@code millis}: fire the timers of that domain that are
   * due (continuation triggers downstream of a processing-time trigger). It never passes the clock,
   * and stays behind while upstream output that may change what those timers see is on its way.
   */
  default void advanceSynchronizedProcessingTime(long millis) throws Exception {}

  /** When the operator next needs {@link #advanceSynchronizedProcessingTime}, as above. */
  default long nextSynchronizedProcessingTime() {
    return Long.MAX_VALUE;
  }

  void finishBundle() throws Exception;

  /** The last finished bundle's output and input offsets are committed. */
  default void bundleCommitted() throws Exception {}

  /**
   * The earliest timestamp this operator may still emit (buffered elements, pending timers, state
   * holds), or {@link Watermarks#END} when it holds nothing back. The worker's output watermark is
   * the minimum of this and its input watermarks.
   */
  long outputWatermarkHold();

  /** Bytes the operator has written to local disk beyond its memory so far; cheap, read often. */
  default long spilledBytes() {
    return 0;
  }

  /**
   * A snapshot of the operator's metrics, opaque to the engine. Called on the worker thread between
   * bundles.
   */
  byte[] metricsSnapshot() throws Exception;

  /**
   * The operator's state for a checkpoint. Called on the worker thread between bundles; the result
   * is then written out while processing goes on, so it must not share what later bundles change.
   */
  default OperatorSnapshot snapshotState(long checkpointId) throws Exception {
    return OperatorSnapshot.empty();
  }

  /**
   * Loads state from a checkpoint, after {@link #open} and before any input: what this worker's
   * state file holds (the same parallelism is required, so its key groups are its own).
   */
  default void restoreState(OperatorSnapshot snapshot) throws Exception {}

  /**
   * Checkpoint {@code checkpointId} completed: everything up to the snapshot this operator took for
   * it is durable, so what waits for that (bundle finalization: a source acknowledging what it
   * read, a sink committing) may now happen. Called between bundles, for the newest completed
   * checkpoint; earlier ones that were not announced are covered by it.
   */
  default void checkpointCompleted(long checkpointId) throws Exception {}

  void close() throws Exception;
}
