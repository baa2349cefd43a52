package io.solstice.engine.control;

import java.io.Serializable;

/**
 * A message to a role, carried by an executor call: the control plane is made of these (and of
 * the queues), never of shared objects, so that it works between processes.
 */
public interface RoleRequest extends Serializable {

  /** Live counters (a {@link WorkerProgress} or {@link StageProgress}). */
  final class Progress implements RoleRequest {
    private static final long serialVersionUID = 1L;
  }

  /** The latest operator metrics snapshot of a worker ({@code byte[]}, possibly empty). */
  final class Metrics implements RoleRequest {
    private static final long serialVersionUID = 1L;
  }

  /** The stage has ended: a worker tears its operator down now. */
  final class Release implements RoleRequest {
    private static final long serialVersionUID = 1L;
  }

  /**
   * A rescale: the worker leaves its pool between two bundles, telling its readers that {@code
   * nextWorkers} workers write after it.
   */
  final class Retire implements RoleRequest {
    private static final long serialVersionUID = 1L;
    private final int nextWorkers;

    public Retire(int nextWorkers) {
      this.nextWorkers = nextWorkers;
    }

    public int nextWorkers() {
      return nextWorkers;
    }
  }
}
