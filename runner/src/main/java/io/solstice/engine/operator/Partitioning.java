package io.solstice.engine.operator;

/** How a producer spreads the elements it writes to an edge over the edge's partitions. */
public enum Partitioning {
  /** Producer worker {@code i} writes to partition {@code i % partitions}. */
  FORWARD,
  /** Elements are dealt round-robin over all partitions. */
  REBALANCE,
  /** Each element carries a key group; key groups map to partitions by contiguous ranges. */
  HASH,
  /** Every split goes to every partition. */
  BROADCAST,
  /** Everything goes to partition 0. */
  SINGLETON
}
