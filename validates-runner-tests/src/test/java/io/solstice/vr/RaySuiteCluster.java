package io.solstice.vr;

import io.solstice.engine.ray.LocalRayCluster;
import org.junit.runner.Description;
import org.junit.runner.notification.RunListener;

/**
 * Surefire listener for the suite's cluster-mode run: before the fork's first test it starts one
 * Ray head (127.0.0.2, in a temporary directory of its own) for all the fork's tests and points the
 * test pipelines at it, replacing the placeholder {@code --rayAddress=suite}. The head is stopped,
 * by its processes' ids, when the fork's JVM exits.
 */
@RunListener.ThreadSafe
public final class RaySuiteCluster extends RunListener {
  static final String PLACEHOLDER = "--rayAddress=suite";
  private static final int CPUS = 2;
  private static final long OBJECT_STORE_BYTES = 1L << 30;

  private static LocalRayCluster cluster;

  /** Surefire creates its listeners before the first test class builds its TestPipeline. */
  public RaySuiteCluster() {
    ensureStarted();
  }

  @Override
  public void testRunStarted(Description description) {
    ensureStarted();
  }

  @Override
  public void testStarted(Description description) {
    ensureStarted();
  }

  private static synchronized void ensureStarted() {
    String options = System.getProperty(KafkaSuiteBroker.OPTIONS_PROPERTY, "");
    if (cluster != null || !options.contains(PLACEHOLDER)) {
      return;
    }
    cluster = LocalRayCluster.startHead(null, CPUS, OBJECT_STORE_BYTES);
    LocalRayCluster started = cluster;
    Runtime.getRuntime().addShutdownHook(new Thread(started::close, "stop-suite-ray-cluster"));
    System.setProperty(
        KafkaSuiteBroker.OPTIONS_PROPERTY, options.replace(PLACEHOLDER, "--rayAddress=" + started.address()));
  }
}
