package io.solstice.engine.worker;

import io.solstice.engine.operator.CheckpointNotReadyException;
import io.solstice.engine.fault.FaultInjector;
import io.solstice.engine.fault.FaultPoint;
import io.solstice.engine.queue.QueueProducer;
import io.solstice.engine.queue.QueueRecord;
import io.solstice.engine.queue.SplitMessage;
import java.util.ArrayList;
import java.util.List;

/**
 * A worker's part in checkpoints: aligns the barriers of its input channels, and once a checkpoint
 * is aligned (the bundle before it having ended), sends its barrier downstream after everything
 * the records before it caused, snapshots its state, has it written while processing goes on, and
 * releases what it held. The written state acknowledges the checkpoint to the coordinator.
 */
final class CheckpointAlignment {
  /** Takes the worker's snapshot for a checkpoint, as the bytes of its state file. */
  interface Snapshotter {
    byte[] take(long checkpointId) throws Exception;
  }

  private final BarrierAligner<QueueRecord> aligner;
  private final CoordinatorClient coordinator;
  private final Snapshotter snapshotter;
  private final SnapshotUploader uploader;
  private final FaultInjector faults;
  private long alignmentStarted;

  CheckpointAlignment(
      int[] ownedPartitions,
      int[] producers,
      boolean[] seeded,
      CoordinatorClient coordinator,
      Snapshotter snapshotter,
      SnapshotUploader uploader,
      FaultInjector faults) {
    this.faults = faults;
    this.aligner = new BarrierAligner<>(ownedPartitions, producers, seeded);
    this.coordinator = coordinator;
    this.snapshotter = snapshotter;
    this.uploader = uploader;
  }

  void register() {
    coordinator.register();
  }

  /** The newest checkpoint the job asked for (0: none). */
  void requested(long checkpointId) {
    aligner.requested(checkpointId);
    noteAlignmentStart();
  }

  /** Whether the job asks for a checkpoint this worker has not yet aligned. */
  boolean due(long requestedCheckpoint) {
    return requestedCheckpoint > aligner.lastAligned();
  }

  /**
   * Whether {@code record} is a newer checkpoint's barrier that gives up the one being aligned
   * (the coordinator failed it): then the alignment is given up, and what it held must be
   * processed before the barrier ({@link #takeAbandoned}), which the worker processes again after.
   */
  boolean givesUpAlignment(QueueRecord record) {
    if (record.message().kind() != SplitMessage.Kind.BARRIER
        || !aligner.supersedes(record.message().checkpointId())) {
      return false;
    }
    aligner.abandon();
    alignmentStarted = 0;
    return true;
  }

  /**
   * If a newer checkpoint gave the aligning one up, what that one held, to be processed before
   * anything not yet processed (its channels sent it first); else empty.
   */
  List<QueueRecord> takeAbandoned() {
    if (!aligner.hasAbandoned()) {
      return List.of();
    }
    List<QueueRecord> abandoned = new ArrayList<>();
    aligner.takeAbandoned(abandoned);
    return abandoned;
  }

  /** Whether a record may be processed now; if not, it is held until the alignment completes. */
  boolean admit(InputChannels.Source source, QueueRecord record) {
    return aligner.admit(source.input, source.slot, record.message().producer(), record);
  }

  void barrier(InputChannels.Source source, QueueRecord record) {
    aligner.barrier(source.input, source.slot, record.message().producer(), record.message().checkpointId());
    noteAlignmentStart();
  }

  private void noteAlignmentStart() {
    if (aligner.aligning() != 0 && alignmentStarted == 0) {
      alignmentStarted = System.currentTimeMillis();
      faults.reached(FaultPoint.ALIGNING);
    }
  }

  /** See {@link BarrierAligner#switchProducers}. */
  void switchProducers(int input, int slot, int active) {
    aligner.switchProducers(input, slot, active);
  }

  /** See {@link BarrierAligner#startAfter}. */
  void startAfter(long checkpointId) {
    aligner.startAfter(checkpointId);
  }

  /** The newest checkpoint this worker aligned, 0 if none. */
  long lastAligned() {
    return aligner.lastAligned();
  }

  void ended(InputChannels.Source source, QueueRecord record) {
    ended(source, record.message().producer());
  }

  void ended(InputChannels.Source source, int producer) {
    aligner.ended(source.input, source.slot, producer);
  }

  /**
   * If the checkpoint being aligned is aligned: barriers on every output partition, the snapshot
   * taken and handed to the uploader, and the held records into {@code released}. Call only
   * between bundles.
   */
  void completeIfAligned(List<QueueRecord> released, List<EdgeWriter> writers, QueueProducer producer)
      throws Exception {
    uploader.checkReported();
    long checkpoint = aligner.completeIfAligned(released);
    if (checkpoint == 0) {
      return;
    }
    long alignmentMillis = System.currentTimeMillis() - alignmentStarted;
    alignmentStarted = 0;
    for (EdgeWriter writer : writers) {
      writer.publishBarrier(checkpoint);
    }
    producer.flush();
    byte[] state;
    try {
      state = snapshotter.take(checkpoint);
    } catch (CheckpointNotReadyException e) {
      coordinator.notReady(checkpoint, e.getMessage());
      return;
    }
    uploader.upload(checkpoint, state, alignmentMillis);
  }

  /**
   * This worker leaves its rescaled pool between two bundles: its state as a state file holds it,
   * once its uploads are done, and what an alignment still holds (one the coordinator gave up)
   * moved in front of {@code released}, to be handed over in arrival order.
   */
  byte[] stateToHandOver(List<QueueRecord> released) throws Exception {
    uploader.awaitIdle();
    uploader.checkReported();
    aligner.takeHeld(released);
    return snapshotter.take(aligner.lastAligned());
  }

  /**
   * This worker ended: once its last state is written, checkpoints no longer wait for it. The order
   * matters: a checkpoint this worker aligned must get its state, not count it as ended.
   */
  void finished() throws InterruptedException {
    uploader.awaitIdle();
    coordinator.finished();
  }
}
