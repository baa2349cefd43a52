package io.solstice.engine;

import java.io.Serializable;

/**
 * When an elastic stage's master rescales its pool.
 *
 * @param sampleMillis how often it looks at its workers
 * @param cooldownMillis the least time after a rescale (or the start) before the next decision
 * @param upBacklogPerWorker input splits waiting per worker above which, if the backlog is not
 *     shrinking, the pool grows
 * @param downBusyRatio share of time the workers are busy below which, with next to no backlog,
 *     the pool shrinks
 */
public record AutoscalePolicy(long sampleMillis, long cooldownMillis, int upBacklogPerWorker, double downBusyRatio)
    implements Serializable {

  public static AutoscalePolicy defaults() {
    return new AutoscalePolicy(2_000, 20_000, 8, 0.3);
  }

  public AutoscalePolicy {
    if (sampleMillis <= 0 || cooldownMillis < 0 || upBacklogPerWorker < 1 || downBusyRatio < 0 || downBusyRatio > 1) {
      throw new IllegalArgumentException(
          "Invalid autoscaling: sample every " + sampleMillis + " ms, cooldown " + cooldownMillis + " ms, backlog "
              + upBacklogPerWorker + " per worker, busy ratio " + downBusyRatio);
    }
  }

  public AutoscalePolicy withCooldownMillis(long millis) {
    return new AutoscalePolicy(sampleMillis, millis, upBacklogPerWorker, downBusyRatio);
  }

  public AutoscalePolicy withSampleMillis(long millis) {
    return new AutoscalePolicy(millis, cooldownMillis, upBacklogPerWorker, downBusyRatio);
  }
}
