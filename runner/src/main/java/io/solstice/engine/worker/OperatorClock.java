package io.solstice.engine.worker;

import io.solstice.engine.host.JobSignals;
import io.solstice.engine.operator.StageOperator;
import io.solstice.engine.queue.SplitMessage;

/**
 * Tells a worker's operator the time in its two processing-time domains: the job's clock, and
 * synchronized processing time, which the {@link SynchronizedClock} holds back while upstream
 * output is still on its way.
 */
final class OperatorClock {
  private final JobSignals signals;
  private final SynchronizedClock synchronizedClock;
  private final StageOperator operator;
  private long synchronizedTold = Long.MIN_VALUE;

  /**
   * @param ownedPartitions per input, how many of its partitions the worker reads
   * @param producers per input, how many producers write each of its partitions
   */
  OperatorClock(JobSignals signals, int[] ownedPartitions, int[] producers, StageOperator operator) {
    this.signals = signals;
    this.synchronizedClock = new SynchronizedClock(ownedPartitions, producers);
    this.operator = operator;
  }

  /**
   * {@code message} arrived on partition slot {@code slot} of input {@code input}; for data, call
   * in the bundle that processes it, before it does.
   */
  void arrived(int input, int slot, SplitMessage message) {
    synchronizedClock.arrived(input, slot, message, synchronizedTold);
  }

  /** See {@link SynchronizedClock#switchProducers}. */
  void switchProducers(int input, int slot, int active) {
    synchronizedClock.switchProducers(input, slot, active);
  }

  /** See {@link SynchronizedClock#ended}. */
  void ended(int input, int slot, int producer) {
    synchronizedClock.ended(input, slot, producer);
  }

  /** The operator was told input {@code input}'s new watermark. */
  void watermarkDelivered(int input, long watermark) {
    synchronizedClock.watermarkDelivered(input, watermark);
  }

  /** The poll's records are handled and their watermarks delivered: settled holds go. */
  void settle() {
    synchronizedClock.settle();
  }

  long now() {
    return signals.now();
  }

  /** Whether a timer of either domain is due. */
  boolean timersDue() {
    long now = signals.now();
    return operator.nextProcessingTime() <= now
        || operator.nextSynchronizedProcessingTime() <= synchronizedClock.now(now);
  }

  /** Moves the operator's clocks to now, firing what is due; call in a bundle. */
  void advance() throws Exception {
    long now = signals.now();
    operator.advanceProcessingTime(now);
    long synchronizedNow = synchronizedClock.now(now);
    operator.advanceSynchronizedProcessingTime(synchronizedNow);
    synchronizedTold = Math.max(synchronizedTold, synchronizedNow);
  }

  /**
   * When the operator next needs the clock ({@code Long.MAX_VALUE}: never). A synchronized timer
   * that waits on a held clock needs input, not time: it is left out, so the worker waits for
   * input and a job driven by a manual clock can still be quiescent.
   */
  long nextNeed() {
    long now = signals.now();
    long next = operator.nextProcessingTime();
    long nextSynchronized = operator.nextSynchronizedProcessingTime();
    if (nextSynchronized > synchronizedClock.now(now) && synchronizedClock.held(now)) {
      return next;
    }
    return Math.min(next, nextSynchronized);
  }
}
