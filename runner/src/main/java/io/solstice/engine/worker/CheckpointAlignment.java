package io.solstice.engine.worker;

import io.solstice.engine.queue.QueueProducer;
import io.solstice.engine.queue.QueueRecord;
import java.util.List;

/**
 * A worker's part in checkpoints: aligns the barriers of its input channels, and once a checkpoint
 * is aligned (the bundle before it having ended), sends its barrier downstream after everything
 * the records before it caused, tells the coordinator, and releases what it held.
 */
final class CheckpointAlignment {
  private final BarrierAligner<QueueRecord> aligner;
  private final CoordinatorClient coordinator;

  CheckpointAlignment(int[] ownedPartitions, int[] producers, CoordinatorClient coordinator) {
    this.aligner = new BarrierAligner<>(ownedPartitions, producers);
    this.coordinator = coordinator;
  }

  void register() {
    coordinator.register();
  }

  /** The newest checkpoint the job asked for (0: none). */
  void requested(long checkpointId) {
    aligner.requested(checkpointId);
  }

  /** Whether a record may be processed now; if not, it is held until the alignment completes. */
  boolean admit(InputChannels.Source source, QueueRecord record) {
    return aligner.admit(source.input, source.slot, record.message().producer(), record);
  }

  void barrier(InputChannels.Source source, QueueRecord record) {
    aligner.barrier(source.input, source.slot, record.message().producer(), record.message().checkpointId());
  }

  void ended(InputChannels.Source source, QueueRecord record) {
    aligner.ended(source.input, source.slot, record.message().producer());
  }

  /**
   * If the checkpoint being aligned is aligned: barriers on every output partition, the held
   * records into {@code released}, and the coordinator told. Call only between bundles.
   */
  void completeIfAligned(List<QueueRecord> released, List<EdgeWriter> writers, QueueProducer producer)
      throws InterruptedException {
    long checkpoint = aligner.completeIfAligned(released);
    if (checkpoint == 0) {
      return;
    }
    for (EdgeWriter writer : writers) {
      writer.publishBarrier(checkpoint);
    }
    producer.flush();
    coordinator.aligned(checkpoint);
  }

  /** This worker ended: checkpoints no longer wait for it. */
  void finished() {
    coordinator.finished();
  }
}
