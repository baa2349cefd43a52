package io.solstice.engine.control;

import java.io.Serializable;

/**
 * What one stage worker is started with: its stage's launch, its index in the stage, and after a
 * rescale what it takes over from the old workers.
 */
public final class WorkerLaunch implements Serializable {
  private static final long serialVersionUID = 1L;

  private final StageLaunch stage;
  private final int index;
  private final InputHandover handover;

  WorkerLaunch(StageLaunch stage, int index, InputHandover handover) {
    if (index < 0 || index >= stage.stage().parallelism()) {
      throw new IllegalArgumentException("No worker " + index + " in " + stage.stage());
    }
    this.stage = stage;
    this.index = index;
    this.handover = handover;
  }

  /** What this worker takes over from a rescaled pool's old workers, or null at the start. */
  public InputHandover handover() {
    return handover;
  }

  public StageLaunch stage() {
    return stage;
  }

  public int index() {
    return index;
  }
}
