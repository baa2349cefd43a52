package io.solstice.engine.host;

import io.solstice.engine.control.RoleRequest;
import java.io.Serializable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A hosted role and the thread that runs it; keeps the role's report once it has ended. */
final class RoleThread {
  private static final Logger LOG = LoggerFactory.getLogger(RoleThread.class);

  private final String id;
  private final Role role;
  private final Thread thread;
  private final CountDownLatch ended = new CountDownLatch(1);
  private volatile byte[] report;
  private volatile Throwable died;

  RoleThread(String name, String id, Role role) {
    this.id = id;
    this.role = role;
    this.thread = new Thread(this::run, name);
    // Never keeps a JVM alive: executors end with the job, or with Ray in local mode.
    this.thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  private void run() {
    try {
      report = role.run();
    } catch (Throwable t) {
      // Roles report their own failures: this is a bug in one, or an injected crash.
      LOG.error("Role {} ended with an uncaught failure", id, t);
      died = t;
    } finally {
      ended.countDown();
    }
  }

  /**
   * The role's report once it has ended, or null if it is still running after the timeout. A role
   * that died without a report throws, so that whoever waits for it never waits forever.
   */
  byte[] await(long timeoutMillis) throws InterruptedException {
    if (!ended.await(timeoutMillis, TimeUnit.MILLISECONDS)) {
      return null;
    }
    Throwable cause = died;
    if (cause != null) {
      throw new IllegalStateException("Role " + id + " died without a report: " + cause, cause);
    }
    return report == null ? new byte[0] : report;
  }

  boolean isRunning() {
    return ended.getCount() > 0;
  }

  void cancel() {
    role.cancel();
  }

  Serializable handle(RoleRequest request) throws Exception {
    return role.handle(request);
  }
}
