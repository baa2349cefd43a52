package io.solstice.engine.job;

/** Lifecycle of a job run by the engine. */
public enum JobState {
  RUNNING,
  DONE,
  FAILED,
  CANCELLED;

  public boolean isTerminal() {
    return this != RUNNING;
  }
}
