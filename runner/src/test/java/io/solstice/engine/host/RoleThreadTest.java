package io.solstice.engine.host;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import io.solstice.engine.control.RoleRequest;
import java.io.Serializable;
import java.util.concurrent.CountDownLatch;
import org.junit.Test;

/** A role failed from outside: its failed report stands, its thread is cancelled and then joined. */
public class RoleThreadTest {
  private static final byte[] OWN = {1};
  private static final byte[] FAILED = {2};

  /** Runs until cancelled, then reports {@link #OWN}; offers {@link #FAILED} when failed, if told to. */
  private static final class WaitingRole implements Role {
    private final CountDownLatch cancelled = new CountDownLatch(1);
    private final boolean offersFailedReport;

    WaitingRole(boolean offersFailedReport) {
      this.offersFailedReport = offersFailedReport;
    }

    @Override
    public byte[] run() {
      try {
        cancelled.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return OWN;
    }

    @Override
    public void cancel() {
      cancelled.countDown();
    }

    @Override
    public byte[] failedReport(Throwable cause) {
      return offersFailedReport ? FAILED : null;
    }

    @Override
    public Serializable handle(RoleRequest request) {
      return null;
    }
  }

  @Test
  public void aFailedRoleReportsItsFailureAndItsThreadIsCancelled() throws Exception {
    RoleThread thread = new RoleThread("test role", "r", new WaitingRole(true));
    thread.start();
    assertNull("still running", thread.await(50));
    thread.fail(new IllegalStateException("spiral"));
    assertArrayEquals(FAILED, thread.await(1_000));
    assertTrue("the cancelled thread ends", thread.join(5_000));
    assertArrayEquals("its own later report is dropped", FAILED, thread.await(1));
  }

  @Test
  public void aRoleWithoutAFailedReportIsLeftRunning() throws Exception {
    WaitingRole role = new WaitingRole(false);
    RoleThread thread = new RoleThread("test role", "r", role);
    thread.start();
    thread.fail(new IllegalStateException("spiral"));
    assertNull("still running", thread.await(100));
    assertFalse(thread.join(50));
    role.cancel();
    assertArrayEquals(OWN, thread.await(5_000));
  }

  @Test
  public void anEndedRoleKeepsItsOwnReport() throws Exception {
    WaitingRole role = new WaitingRole(true);
    RoleThread thread = new RoleThread("test role", "r", role);
    thread.start();
    role.cancel();
    assertArrayEquals(OWN, thread.await(5_000));
    thread.fail(new IllegalStateException("spiral"));
    assertArrayEquals(OWN, thread.await(1));
  }
}
