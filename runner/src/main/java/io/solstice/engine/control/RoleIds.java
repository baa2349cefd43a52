package io.solstice.engine.control;

/** The ids of a job's roles: unique within the job, readable in logs. */
public final class RoleIds {
  public static final String COORDINATOR = "coordinator";

  private RoleIds() {}

  public static String master(int stage) {
    return "master-s" + stage;
  }

  public static String worker(int stage, int index) {
    return "worker-s" + stage + "-" + index;
  }

  /** Worker {@code index} of a rescaled pool's generation {@code generation} (0: the first). */
  public static String worker(int stage, int index, int generation) {
    return generation == 0 ? worker(stage, index) : worker(stage, index) + "-g" + generation;
  }
}
