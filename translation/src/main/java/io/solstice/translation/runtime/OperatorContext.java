package io.solstice.translation.runtime;

import org.apache.beam.runners.core.metrics.MetricsContainerImpl;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.util.WindowedValueMultiReceiver;

/** What an operator is given when it opens. */
public interface OperatorContext {

  /** The transform's full name; the step name of its metrics. */
  String stepName();

  PipelineOptions options();

  /** Where the operator's outputs go, by output tag. */
  WindowedValueMultiReceiver output();

  /** This step's metrics for the current bundle. */
  MetricsContainerImpl metrics();

  int workerIndex();

  int parallelism();

  /** The key group of a key, given its nested encoding; keyed state is kept per key group. */
  int keyGroupOf(byte[] encodedKey);

  /** The job's processing-time clock (a TestStream advances it). */
  JobClock jobClock();

  /**
   * Whether the job takes checkpoints: bundle finalization then waits for the checkpoint that
   * covers the bundle ({@link Operator#checkpointCompleted}) rather than the bundle's commit.
   */
  boolean checkpointing();

  /** How much a batch grouping step may gather in memory before it spills to disk, and where. */
  GroupingMemory groupingMemory();
}
