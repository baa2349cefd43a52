package io.solstice.engine.job;

import io.ray.api.Ray;
import io.solstice.engine.EngineConfig;
import java.nio.file.Paths;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shares one Ray runtime between the jobs of this JVM. The first job starts Ray unless the
 * application already did; when the last job ends, a runtime this class started is shut down, which
 * also ends the threads of every local-mode actor.
 */
final class RaySession {
  private static final Logger LOG = LoggerFactory.getLogger(RaySession.class);

  private static int users;
  private static boolean ownsRuntime;

  private RaySession() {}

  static synchronized void acquire(EngineConfig config) {
    if (users == 0 && !Ray.isInitialized()) {
      start(config);
      ownsRuntime = true;
    }
    users++;
  }

  static synchronized void release() {
    users--;
    if (users == 0 && ownsRuntime) {
      Ray.shutdown();
      ownsRuntime = false;
      LOG.debug("Ray runtime shut down");
    }
  }

  /** JDK packages Ray's serializer (FST) reflects into when a task or actor call fails. */
  private static final String[] OPENED_PACKAGES = {
    "java.lang", "java.math", "java.util", "java.util.concurrent", "java.net", "java.text"
  };

  /**
   * Without these opens, a failing Ray call in local mode calls {@code System.exit(-1)}; refuse to
   * start rather than risk the JVM.
   */
  static void checkJvmFlags() {
    StringBuilder missing = new StringBuilder();
    for (String pkg : OPENED_PACKAGES) {
      if (!Object.class.getModule().isOpen(pkg, RaySession.class.getModule())) {
        missing.append(" --add-opens=java.base/").append(pkg).append("=ALL-UNNAMED");
      }
    }
    if (missing.length() > 0) {
      throw new IllegalStateException(
          "Ray needs these JVM flags, which this JVM was started without:"
              + missing
              + ". Add them to the java command line (the Solstice runnable jars set them in their"
              + " manifest).");
    }
  }

  private static void start(EngineConfig config) {
    checkJvmFlags();
    if (config.rayMode() == EngineConfig.RayMode.LOCAL) {
      System.setProperty("ray.run-mode", "LOCAL");
    } else {
      System.setProperty("ray.run-mode", "CLUSTER");
      System.setProperty("ray.address", config.rayAddress());
    }
    String sessionDir = config.raySessionDir();
    if (sessionDir == null && System.getProperty("ray.session-dir") == null) {
      sessionDir = Paths.get(System.getProperty("java.io.tmpdir"), "solstice-ray-session").toString();
    }
    if (sessionDir != null) {
      System.setProperty("ray.session-dir", sessionDir);
    }
    long start = System.nanoTime();
    Ray.init();
    LOG.info(
        "Started Ray in {} mode in {} ms",
        config.rayMode(),
        (System.nanoTime() - start) / 1_000_000);
  }
}
