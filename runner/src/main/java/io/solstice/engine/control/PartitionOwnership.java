package io.solstice.engine.control;

/**
 * Which worker of a stage reads which partition of its inputs: partition p goes to worker p mod
 * workers. Key groups, seeds and a rescaled pool's handover all follow partitions, so they all ask
 * here.
 */
public final class PartitionOwnership {
  private PartitionOwnership() {}

  /** The worker, of {@code workers}, that reads partition {@code partition}. */
  public static int reader(int partition, int workers) {
    return partition % workers;
  }
}
