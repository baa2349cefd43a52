package io.solstice.engine.host;

import io.solstice.engine.control.RoleRequest;
import java.io.Serializable;

/**
 * Work an executor hosts on a thread of its own: a stage master, a stage worker, or the job's
 * coordinator. An executor creates a role by its class name, through a public constructor taking
 * ({@link RoleContext}, {@code byte[]} launch), as a Flink task manager instantiates its tasks: so
 * the executor depends on no role.
 */
public interface Role {

  /** Runs to the end; returns a serialized report. Never throws. */
  byte[] run();

  /** Stops the role: its run ends soon, and blocking waits are interrupted. */
  void cancel();

  /**
   * The serialized report of this role failing with {@code cause}, for when it must end without
   * its own thread (the JVM is spiralling in garbage collection, and that thread may not get to
   * report for minutes); null for a role that is left to end by itself. The role is cancelled
   * next, and whatever its thread reports later is dropped.
   */
  default byte[] failedReport(Throwable cause) {
    return null;
  }

  /** Answers a request from the driver or another role. */
  Serializable handle(RoleRequest request) throws Exception;
}
