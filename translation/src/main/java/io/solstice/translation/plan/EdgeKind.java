package io.solstice.translation.plan;

/** How elements of an edge are laid out over the consumer stage's workers. */
public enum EdgeKind {
  /** Producer worker i feeds consumer worker i; for stages of equal parallelism. */
  FORWARD,
  /** Elements dealt evenly over the consumer's workers. */
  REBALANCE,
  /** Elements of one key go to one worker, by key group. */
  KEYED,
  /**
   * As {@link #KEYED}, but the keys are random and unique: the runner may give each element
   * another random key, one whose key group deals the elements evenly over the consumer's workers.
   */
  KEYED_BY_RANDOM_KEYS,
  /** Every consumer worker gets everything: side inputs. */
  BROADCAST
}
