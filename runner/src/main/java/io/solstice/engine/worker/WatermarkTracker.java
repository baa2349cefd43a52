package io.solstice.engine.worker;

import io.solstice.engine.operator.StageOperator;
import io.solstice.engine.operator.Watermarks;
import java.util.Arrays;
import java.util.List;

/**
 * A worker's watermarks: what each producer announced on each channel, what has been delivered to
 * the operator per input, and the output watermark it published.
 */
final class WatermarkTracker {
  private final InputWatermarks announced;
  private final long[] delivered;
  private long output = Watermarks.START;

  WatermarkTracker(int[] ownedPartitions, int[] producers) {
    this.announced = new InputWatermarks(ownedPartitions, producers);
    this.delivered = new long[ownedPartitions.length];
    Arrays.fill(delivered, Watermarks.START);
  }

  void observe(int input, int slot, int producer, long watermark) {
    announced.observe(input, slot, producer, watermark);
  }

  /** See {@link InputWatermarks#switchProducers}. */
  void switchProducers(int input, int slot, int active) {
    announced.switchProducers(input, slot, active);
  }

  /** See {@link InputWatermarks#announced}. */
  long announced(int input, int slot, int producer) {
    return announced.announced(input, slot, producer);
  }

  /** Whether input {@code input}'s watermark moved past what the operator has been told. */
  boolean advanced(int input) {
    return announced.watermark(input) > delivered[input];
  }

  /** Tells the operator of input {@code input}'s new watermark, and returns it. */
  long deliver(StageOperator operator, int input) throws Exception {
    long watermark = announced.watermark(input);
    operator.advanceWatermark(input, watermark);
    delivered[input] = watermark;
    return watermark;
  }

  /** The minimum of the watermarks delivered on every input: the worker's input watermark. */
  long inputWatermark() {
    long min = Watermarks.END;
    for (long wm : delivered) {
      min = Math.min(min, wm);
    }
    return min;
  }

  /**
   * Moves the output watermark to the minimum of the input watermark and the operator's hold, if
   * that is later, and returns it: where a bundle's output goes out, the caller stamps it on the
   * bundle's last split, so a reader sees the data before the watermark that follows it.
   */
  long advanceOutput(long hold) {
    output = Math.max(output, Math.min(inputWatermark(), hold));
    return output;
  }

  /**
   * Between bundles: publishes the output watermark on every output edge if it moved; returns
   * whether it did.
   */
  boolean publishOutput(long hold, List<EdgeWriter> writers) {
    long before = output;
    if (advanceOutput(hold) == before) {
      return false;
    }
    for (EdgeWriter writer : writers) {
      writer.publishWatermark(output);
    }
    return true;
  }

  long outputWatermark() {
    return output;
  }
}
