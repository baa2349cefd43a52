package io.solstice.engine.control;

import java.io.Serializable;

/** Where a role lives: the index of its executor among the job's executors, and its role id. */
public final class RoleAddress implements Serializable {
  private static final long serialVersionUID = 1L;

  private final int executor;
  private final String role;

  public RoleAddress(int executor, String role) {
    this.executor = executor;
    this.role = role;
  }

  public int executor() {
    return executor;
  }

  public String role() {
    return role;
  }

  @Override
  public String toString() {
    return role + "@executor" + executor;
  }
}
