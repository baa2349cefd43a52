package io.solstice.translation.graph;

/** How a transform needs its main input laid out over the workers of its stage. */
public enum InputPartitioning {
  /** Any layout: the transform can run in the same stage as its producer. */
  PIPELINED,
  /** All elements of a key on one worker: a keyed shuffle starts a new stage. */
  KEYED,
  /**
   * Keyed, by keys that are random and unique (a splittable DoFn's restrictions): the runner may
   * replace each key by another random one, to deal the elements evenly over the workers.
   */
  RANDOM_KEYS,
  /** Elements spread evenly over the workers: a rebalance starts a new stage. */
  REBALANCE
}
