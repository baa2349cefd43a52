package io.solstice.engine.worker;

import io.solstice.engine.operator.StageOperator;
import io.solstice.engine.queue.QueueProducer;
import java.util.List;

/**
 * The bundle a worker has open. A bundle ends by flushing its output to the queues with the output
 * watermark it leaves behind, then committing the input it read, and only then telling the
 * operator it committed (bundle finalization).
 */
final class Bundles {
  private final StageOperator operator;
  private final InputChannels inputs;
  private final List<EdgeWriter> writers;
  private final QueueProducer producer;
  private final WorkerCounters counters;
  private final WatermarkTracker watermarks;
  private final OperatorClock clock;
  private boolean open;
  private boolean hasData;

  Bundles(
      StageOperator operator,
      InputChannels inputs,
      List<EdgeWriter> writers,
      QueueProducer producer,
      WatermarkTracker watermarks,
      OperatorClock clock,
      WorkerCounters counters) {
    this.operator = operator;
    this.clock = clock;
    this.watermarks = watermarks;
    this.inputs = inputs;
    this.writers = writers;
    this.producer = producer;
    this.counters = counters;
  }

  /**
   * Opens a bundle unless one is open: operators learn the time before any element, so that
   * processing-time triggers and timers set in the bundle count from now. Only when nothing is
   * due: due timers fire in the processing-time step.
   */
  void ensureOpen() throws Exception {
    if (open) {
      return;
    }
    operator.startBundle();
    if (!clock.timersDue()) {
      clock.advance();
    }
    open = true;
  }

  /** Opens a bundle for due processing-time work, without telling the time first. */
  void ensureOpenForTimers() throws Exception {
    if (!open) {
      operator.startBundle();
      open = true;
    }
  }

  void dataProcessed() {
    hasData = true;
  }

  /**
   * Before a watermark advance: the data's output goes out before timers the watermark fires run,
   * which may take long, so downstream sees it at once, as on the Direct and Flink runners.
   */
  void openForWatermark() throws Exception {
    if (open && hasData) {
      end();
    }
    ensureOpen();
  }

  /** Ends the open bundle, or commits what was read if none is open. */
  void endOrCommit() throws Exception {
    if (open) {
      end();
    } else {
      inputs.commit();
    }
  }

  private void end() throws Exception {
    operator.finishBundle();
    // The output watermark the bundle leaves behind rides on its last splits.
    long watermark = watermarks.advanceOutput(operator.outputWatermarkHold());
    for (EdgeWriter writer : writers) {
      writer.flush(watermark);
    }
    producer.flush();
    counters.bundles.incrementAndGet();
    inputs.commit();
    operator.bundleCommitted();
    open = false;
    hasData = false;
  }
}
