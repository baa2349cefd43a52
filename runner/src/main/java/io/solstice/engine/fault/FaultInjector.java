package io.solstice.engine.fault;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kills its role when it reaches a point its faults name. In cluster mode the role's process halts
 * at once (no shutdown hooks, no finally blocks: what a {@code kill -9} leaves); in local mode the
 * role's thread ends with {@link InjectedCrash} and the role is dropped without cleaning up. A role
 * with threads of its own (a worker's snapshot upload) calls {@link #checkAlive} on its main
 * thread, so that a fault on the other thread ends the role too.
 */
public final class FaultInjector {
  private static final Logger LOG = LoggerFactory.getLogger(FaultInjector.class);
  static final FaultInjector NONE = new FaultInjector("", List.of(), false);

  private final String role;
  private final List<Fault> faults;
  private final boolean haltProcess;
  private final Map<FaultPoint, Integer> hits = new EnumMap<>(FaultPoint.class);
  private volatile InjectedCrash crash;

  FaultInjector(String role, List<Fault> faults, boolean haltProcess) {
    this.role = role;
    this.faults = faults;
    this.haltProcess = haltProcess;
  }

  public static FaultInjector none() {
    return NONE;
  }

  /** The role reached {@code point}: it dies here if a fault says so. */
  public void reached(FaultPoint point) {
    if (faults.isEmpty()) {
      return;
    }
    int hit;
    synchronized (hits) {
      hit = hits.merge(point, 1, Integer::sum);
    }
    for (Fault fault : faults) {
      if (fault.point() == point && fault.hit() == hit) {
        kill(fault);
      }
    }
  }

  private void kill(Fault fault) {
    String message = "Injected fault " + fault + ": " + role + " dies at " + fault.point() + " #" + fault.hit();
    LOG.warn(message);
    if (haltProcess) {
      System.err.flush();
      Runtime.getRuntime().halt(137);
    }
    InjectedCrash crashed = new InjectedCrash(message);
    crash = crashed;
    throw crashed;
  }

  /** Throws the crash a fault caused on another of the role's threads, if any. */
  public void checkAlive() {
    InjectedCrash crashed = crash;
    if (crashed != null) {
      throw crashed;
    }
  }

  /** Whether the role died of an injected fault. */
  public boolean crashed() {
    return crash != null;
  }

  /** The crash a fault caused, or null. */
  public InjectedCrash crash() {
    return crash;
  }
}
