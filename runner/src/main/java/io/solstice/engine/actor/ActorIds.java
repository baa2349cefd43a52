package io.solstice.engine.actor;

/** Ids of the actor roles of a job: unique in the JVM, and sharing the job's prefix. */
public final class ActorIds {
  private ActorIds() {}

  public static String jobPrefix(String jobId) {
    return jobId + "/";
  }

  public static String master(String jobId, int stage) {
    return jobPrefix(jobId) + "s" + stage;
  }

  public static String worker(String jobId, int stage, int index) {
    return master(jobId, stage) + "/w" + index;
  }
}
