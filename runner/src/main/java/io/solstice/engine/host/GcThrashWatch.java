package io.solstice.engine.host;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Samples this JVM's garbage collection every half second and, when {@link GcThrashing} finds it
 * spiralling (collecting at least half of the last 10 s, with the heap at least 90 % full after the
 * latest collection that reported its pools' use), hands the explanation to {@code onThrashing}:
 * its executor then fails the workers it hosts, so that the job fails within seconds, naming the
 * cause, instead of crawling. Made for collectors that pause the application (G1, the default;
 * Parallel; Serial); under ZGC or Shenandoah it counts pauses only.
 */
final class GcThrashWatch implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(GcThrashWatch.class);
  static final long SAMPLE_MILLIS = 500;
  static final long WINDOW_MILLIS = 10_000;
  static final double GC_SHARE = 0.5;
  static final double FULL_SHARE = 0.9;

  private final GcThrashing thrashing = new GcThrashing(WINDOW_MILLIS, GC_SHARE, FULL_SHARE);
  private final Consumer<String> onThrashing;
  private final ScheduledExecutorService timer;
  /** Whether the current spiral has been logged: once per spiral (its workers are failed at every sample). */
  private boolean logged;

  GcThrashWatch(String name, Consumer<String> onThrashing) {
    this.onThrashing = onThrashing;
    this.timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread thread = new Thread(runnable, "gc watch " + name);
      thread.setDaemon(true);
      return thread;
    });
    timer.scheduleWithFixedDelay(this::sample, SAMPLE_MILLIS, SAMPLE_MILLIS, TimeUnit.MILLISECONDS);
  }

  /**
   * One sample. While the spiral lasts, every sample fails the workers hosted then (failing one
   * again does nothing), so that workers started since (a restart, a rescaled pool, another job)
   * fail too.
   */
  private void sample() {
    try {
      Optional<String> spiral = thrashing.observe(
          System.nanoTime() / 1_000_000, collectingMillis(), heapAfterLastCollection(), Runtime.getRuntime().maxMemory());
      if (spiral.isEmpty()) {
        logged = false;
        return;
      }
      if (!logged) {
        logged = true;
        LOG.error("This JVM {}: failing the workers it hosts", spiral.get());
      }
      onThrashing.accept(spiral.get());
    } catch (Throwable t) {
      // Anything thrown out of here would end the watch for good (an OutOfMemoryError, in the very
      // state it watches for): the next sample tries again.
      LOG.warn("Garbage-collection watch: a sample failed: {}", t.toString());
    }
  }

  /**
   * Time spent in collection pauses. Concurrent collectors' cycle beans (ZGC's and Shenandoah's
   * "... Cycles") count time the application keeps running, so they are left out.
   */
  private static long collectingMillis() {
    long total = 0;
    for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
      if (!collector.getName().endsWith("Cycles")) {
        total += Math.max(0, collector.getCollectionTime());
      }
    }
    return total;
  }

  private static long heapAfterLastCollection() {
    long used = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      MemoryUsage afterCollection = pool.getType() == MemoryType.HEAP ? pool.getCollectionUsage() : null;
      if (afterCollection != null) {
        used += afterCollection.getUsed();
      }
    }
    return used;
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
