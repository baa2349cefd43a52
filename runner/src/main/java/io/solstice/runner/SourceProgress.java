package io.solstice.runner;

/**
 * How far a running job has got: of the driver's source splits (a bounded source's shards), how
 * many its workers have read, and the elements all its stages have taken in so far.
 *
 * @param splitsRead source splits read (after a restart, those read since it)
 * @param splits source splits in all; 0 if the job reads none (a streaming source, say)
 * @param elementsIn elements into every stage together
 */
public record SourceProgress(long splitsRead, long splits, long elementsIn) {
  /** The fraction of source splits read, from 0 to 1; 0 if there are none. */
  public double fractionRead() {
    return splits == 0 ? 0 : Math.min(1.0, (double) splitsRead / splits);
  }
}
