package io.solstice.engine.control;

import java.io.Serializable;

/** What one stage worker is started with: its stage's launch and its index in the stage. */
public final class WorkerLaunch implements Serializable {
  private static final long serialVersionUID = 1L;

  private final StageLaunch stage;
  private final int index;

  WorkerLaunch(StageLaunch stage, int index) {
    if (index < 0 || index >= stage.stage().parallelism()) {
      throw new IllegalArgumentException("No worker " + index + " in " + stage.stage());
    }
    this.stage = stage;
    this.index = index;
  }

  public StageLaunch stage() {
    return stage;
  }

  public int index() {
    return index;
  }
}
