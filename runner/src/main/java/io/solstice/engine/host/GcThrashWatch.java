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
 * spiralling (collecting at least half of the last 10 s with the heap at least 90 % full after
 * collecting), hands the explanation to {@code onThrashing}, once a spiral: its executor then fails the
 * workers it hosts, so that the job fails within seconds, naming the cause, instead of crawling.
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
  /** Whether the current spiral has been reported: once per spiral, so a JVM that recovers is watched again. */
  private boolean reported;

  GcThrashWatch(String name, Consumer<String> onThrashing) {
    this.onThrashing = onThrashing;
    this.timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread thread = new Thread(runnable, "gc watch " + name);
      thread.setDaemon(true);
      return thread;
    });
    timer.scheduleWithFixedDelay(this::sample, SAMPLE_MILLIS, SAMPLE_MILLIS, TimeUnit.MILLISECONDS);
  }

  private void sample() {
    try {
      Optional<String> spiral = thrashing.observe(
          System.currentTimeMillis(), collectingMillis(), heapAfterLastCollection(), Runtime.getRuntime().maxMemory());
      if (spiral.isEmpty()) {
        reported = false;
      } else if (!reported) {
        reported = true;
        LOG.error("This JVM {}: failing the workers it hosts", spiral.get());
        onThrashing.accept(spiral.get());
      }
    } catch (RuntimeException e) {
      // A failed sample must not end the watch: the next one may succeed.
      LOG.debug("GC sample failed", e);
    }
  }

  private static long collectingMillis() {
    long total = 0;
    for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
      total += Math.max(0, collector.getCollectionTime());
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
