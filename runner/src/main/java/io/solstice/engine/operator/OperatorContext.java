package io.solstice.engine.operator;

/** What the engine tells a stage operator about where it runs, and where its output goes. */
public interface OperatorContext {

  String stageName();

  int workerIndex();

  int parallelism();

  /** The number of key groups of every keyed edge in the job. */
  int maxKeyGroups();

  /**
   * Whether the job takes checkpoints: then bundle finalization waits for the checkpoint that
   * covers the bundle ({@link StageOperator#checkpointCompleted}), not for the bundle's commit.
   */
  boolean checkpointing();

  int outputCount();

  SplitWriter output(int index);

  /** Moves the job's manual clock forward; fails on the system clock. */
  void advanceJobClock(long millis);

  /**
   * True when everything sent between the job's stages has been handled and no other worker has
   * processing-time work due: what a TestStream waits for before its next event.
   */
  boolean jobQuiescent();
}
