package io.solstice.engine.host;

import io.solstice.engine.control.RoleRequest;
import java.io.Serializable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
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
  /** Set once, by the role's own end or by {@link #fail}: the first report stands. */
  private final AtomicBoolean settled = new AtomicBoolean();

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
    byte[] ownReport = null;
    Throwable ownDeath = null;
    try {
      ownReport = role.run();
    } catch (Throwable t) {
      // Roles report their own failures: this is a bug in one, or an injected crash.
      LOG.error("Role {} ended with an uncaught failure", id, t);
      ownDeath = t;
    } finally {
      settle(ownReport, ownDeath);
    }
  }

  /**
   * Ends the role now with its report of {@code cause}, if it gives one for that (see {@link
   * Role#failedReport}), and cancels it; its thread's own report, should it come, is dropped.
   */
  void fail(Throwable cause) {
    if (!isRunning()) {
      return;
    }
    byte[] failed = role.failedReport(cause);
    if (failed != null && settle(failed, null)) {
      role.cancel();
    }
  }

  /** Sets the role's report, unless one was set already; true if this one is it. */
  private boolean settle(byte[] finalReport, Throwable death) {
    if (!settled.compareAndSet(false, true)) {
      return false;
    }
    report = finalReport;
    died = death;
    ended.countDown();
    return true;
  }

  /**
   * Waits until the role's thread has ended, which after {@link #fail} can be well after its report:
   * true if it has within the timeout.
   */
  boolean join(long timeoutMillis) throws InterruptedException {
    thread.join(Math.max(1, timeoutMillis));
    return !thread.isAlive();
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
