package io.solstice.engine.master;

import io.solstice.engine.AutoscalePolicy;
import io.solstice.engine.control.WorkerProgress;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides an elastic stage's pool size from its workers' counters, sampled at intervals: it grows
 * (doubling, up to the most) while the input backlog is above the policy's level per worker and
 * not shrinking, or while the workers are busy 90 % of the time with input waiting and not shrinking (their
 * producers then wait on backpressure, which bounds the backlog), and shrinks (halving, down to the least) while the workers are mostly idle with
 * next to nothing waiting. Busy time is what is neither waiting for input nor blocked sending
 * (backpressure). Each decision waits out a cooldown after the last rescale.
 */
final class PoolAutoscaler {
  /** A decision: the pool size wanted, and the figures behind it for the log. */
  record Decision(int workers, String reason) {}

  /** A pool this busy, with input waiting, is short of workers whatever its backlog's trend. */
  private static final double SATURATED = 0.9;
  private static final Logger LOG = LoggerFactory.getLogger(PoolAutoscaler.class);

  private final AutoscalePolicy policy;
  private final int min;
  private final int max;
  private long quietUntil;
  private Sample last;

  private record Sample(long at, long backlog, long idleMillis, long sendMillis, int workers) {}

  PoolAutoscaler(AutoscalePolicy policy, int min, int max, long now) {
    this.policy = policy;
    this.min = min;
    this.max = max;
    this.quietUntil = now + policy.cooldownMillis();
  }

  /** The pool was rescaled at {@code now}: the figures start over after the cooldown. */
  void rescaled(long now) {
    quietUntil = now + policy.cooldownMillis();
    last = null;
  }

  /** A new size for a pool of {@code workers} reporting {@code progress}, or null to keep it. */
  Decision decide(long now, int workers, List<WorkerProgress> progress) {
    if (progress.size() < workers) {
      return null;
    }
    long backlog = 0;
    long idle = 0;
    long send = 0;
    for (WorkerProgress worker : progress) {
      backlog += worker.inputBacklog();
      idle += worker.idleMillis();
      send += worker.sendMillis();
    }
    Sample sample = new Sample(now, backlog, idle, send, workers);
    Sample before = last;
    last = sample;
    if (before == null || before.workers() != workers || now < quietUntil || now <= before.at()) {
      return null;
    }
    double span = (double) (now - before.at()) * workers;
    double idleShare = clamp((idle - before.idleMillis()) / span);
    double blockedShare = clamp((send - before.sendMillis()) / span);
    double busy = clamp(1 - idleShare - blockedShare);
    String figures =
        String.format(
            Locale.ROOT, "backlog %d splits (%d before), busy %.0f %%, blocked sending %.0f %%",
            backlog, before.backlog(), busy * 100, blockedShare * 100);
    if (workers < max && backlog > (long) policy.upBacklogPerWorker() * workers && backlog >= before.backlog()) {
      return new Decision(Math.min(max, workers * 2), "input backlog is not draining: " + figures);
    }
    if (workers < max && busy >= SATURATED && backlog > workers && backlog >= before.backlog()) {
      return new Decision(Math.min(max, workers * 2), "workers are saturated with input waiting: " + figures);
    }
    if (workers > min && busy < policy.downBusyRatio() && backlog <= workers) {
      return new Decision(Math.max(min, (workers + 1) / 2), "workers are mostly idle: " + figures);
    }
    LOG.debug("Keeping {} workers: {}", workers, figures);
    return null;
  }

  private static double clamp(double share) {
    return Math.max(0, Math.min(1, share));
  }
}
