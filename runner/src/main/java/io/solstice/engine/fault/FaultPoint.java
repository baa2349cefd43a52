package io.solstice.engine.fault;

/**
 * Where an injected fault kills a role. Each point is counted per role: a fault fires the n-th time
 * its role reaches its point.
 */
public enum FaultPoint {
  /**
   * A worker, after the n-th data split it processed or shipped: mid-bundle, the bundle's input not
   * yet committed (a reader of an unbounded source processes few splits but ships many).
   */
  MID_BUNDLE,
  /** A worker, as it starts aligning its n-th checkpoint: barriers held on some channels. */
  ALIGNING,
  /** A worker, after writing its state file for its n-th snapshot and before acknowledging it. */
  UPLOADING,
  /**
   * A worker, right after acknowledging its n-th snapshot: the checkpoint may or may not complete
   * (its manifest is written only once every worker acknowledged).
   */
  ACKNOWLEDGED,
  /** A stage master, on its n-th wait for its workers (one every 200 ms). */
  STAGE_MASTER,
  /**
   * A worker of an elastic pool being rescaled, as it retires: its state taken for the new pool,
   * its retirement not yet sent downstream.
   */
  RETIRING;

  /** Points every job reaches, for random trials ({@link #RETIRING} only a rescaled pool does). */
  public static final java.util.List<FaultPoint> EVERY_JOB =
      java.util.List.of(MID_BUNDLE, ALIGNING, UPLOADING, ACKNOWLEDGED, STAGE_MASTER);

  /** Whether the point is on a stage master rather than a worker. */
  public boolean onMaster() {
    return this == STAGE_MASTER;
  }
}
