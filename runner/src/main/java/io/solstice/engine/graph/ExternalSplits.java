package io.solstice.engine.graph;

/**
 * Splits of a source edge that a system outside the job writes while the job runs (a Spark job's
 * tasks), in place of seeds the driver writes before. Lives on the driver only.
 */
public interface ExternalSplits {

  /**
   * Writes every split through writers opened from {@code channel}, then returns; the driver then
   * ends the edge. A failure thrown here fails the job; cancelling the job interrupts the calling
   * thread.
   */
  void produce(SplitChannel channel) throws Exception;
}
