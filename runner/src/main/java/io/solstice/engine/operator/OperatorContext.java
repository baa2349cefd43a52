package io.solstice.engine.operator;

/** What the engine tells a stage operator about where it runs, and where its output goes. */
public interface OperatorContext {

  String stageName();

  int workerIndex();

  int parallelism();

  /** The number of key groups of every keyed edge in the job. */
  int maxKeyGroups();

  int outputCount();

  SplitWriter output(int index);
}
