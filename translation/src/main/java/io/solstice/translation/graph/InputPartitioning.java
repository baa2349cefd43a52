package io.solstice.translation.graph;

/** How a transform needs its main input laid out over the workers of its stage. */
public enum InputPartitioning {
  /** Any layout: the transform can run in the same stage as its producer. */
  PIPELINED,
  /** All elements of a key on one worker: a keyed shuffle starts a new stage. */
  KEYED,
  /** Elements spread evenly over the workers: a rebalance starts a new stage. */
  REBALANCE
}
