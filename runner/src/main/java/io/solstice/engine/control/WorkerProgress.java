package io.solstice.engine.control;

import io.solstice.engine.operator.Watermarks;
import java.io.Serializable;

/** A point-in-time view of one worker's throughput and watermarks. */
public final class WorkerProgress implements Serializable {
  private static final long serialVersionUID = 1L;

  private final int stage;
  private final int worker;
  private final String state;
  private final long splitsIn;
  private final long elementsIn;
  private final long bytesIn;
  private final long splitsOut;
  private final long elementsOut;
  private final long bytesOut;
  private final long bundles;
  private final long idleMillis;
  private final long sendMillis;
  private final long inputBacklog;
  private final long inputWatermark;
  private final long outputWatermark;
  private final MemoryUse memory;

  public WorkerProgress(
      int stage,
      int worker,
      String state,
      long splitsIn,
      long elementsIn,
      long bytesIn,
      long splitsOut,
      long elementsOut,
      long bytesOut,
      long bundles,
      long idleMillis,
      long sendMillis,
      long inputBacklog,
      long inputWatermark,
      long outputWatermark,
      MemoryUse memory) {
    this.stage = stage;
    this.worker = worker;
    this.state = state;
    this.splitsIn = splitsIn;
    this.elementsIn = elementsIn;
    this.bytesIn = bytesIn;
    this.splitsOut = splitsOut;
    this.elementsOut = elementsOut;
    this.bytesOut = bytesOut;
    this.bundles = bundles;
    this.idleMillis = idleMillis;
    this.sendMillis = sendMillis;
    this.inputBacklog = inputBacklog;
    this.inputWatermark = inputWatermark;
    this.outputWatermark = outputWatermark;
    this.memory = memory;
  }

  public int stage() {
    return stage;
  }

  public int worker() {
    return worker;
  }

  public String state() {
    return state;
  }

  public long splitsIn() {
    return splitsIn;
  }

  public long elementsIn() {
    return elementsIn;
  }

  public long bytesIn() {
    return bytesIn;
  }

  public long splitsOut() {
    return splitsOut;
  }

  public long elementsOut() {
    return elementsOut;
  }

  /** Time the worker spent waiting for input; the rest, less {@link #sendMillis}, it was busy. */
  public long idleMillis() {
    return idleMillis;
  }

  /** Messages on the worker's input partitions that it had not read yet when it last looked. */
  public long inputBacklog() {
    return inputBacklog;
  }

  /** Time the worker spent sending output, mostly held back by full partitions (backpressure). */
  public long sendMillis() {
    return sendMillis;
  }

  public long bytesOut() {
    return bytesOut;
  }

  public long bundles() {
    return bundles;
  }

  public long inputWatermark() {
    return inputWatermark;
  }

  public long outputWatermark() {
    return outputWatermark;
  }

  /** Bytes spilled so far, and the heap of the worker's JVM. */
  public MemoryUse memory() {
    return memory;
  }

  @Override
  public String toString() {
    return String.format(
        "worker %d %s: in %,d elements / %,d splits, out %,d elements / %,d splits, input watermark %s",
        worker,
        state,
        elementsIn,
        splitsIn,
        elementsOut,
        splitsOut,
        Watermarks.format(inputWatermark));
  }
}
