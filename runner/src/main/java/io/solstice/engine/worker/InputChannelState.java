package io.solstice.engine.worker;

import io.solstice.engine.control.InputHandover;
import io.solstice.engine.operator.Watermarks;
import io.solstice.engine.queue.QueueRecord;
import io.solstice.engine.queue.SplitMessage;
import java.util.ArrayList;
import java.util.List;

/**
 * A worker's per-channel view of its inputs (one channel per owned partition and producer): the
 * watermarks, checkpoint barriers and synchronized clock kept per channel, and which producers
 * write each partition as upstream pools are rescaled. When a partition's producers change, all of
 * them switch together; a next producer's record met before the switch waits for it. When this
 * worker's own pool is rescaled, this is what it hands over.
 */
final class InputChannelState {
  private final InputChannels inputs;
  private final WatermarkTracker watermarks;
  private final OperatorClock clock;
  private final CheckpointAlignment checkpoints;
  private final ProducerGenerations generations;
  /** Records of next producers met before their partition switched, in arrival order. */
  private final List<QueueRecord> waiting = new ArrayList<>();
  /** Waiting records whose partition has switched, to be processed first. */
  private final List<QueueRecord> ready = new ArrayList<>();

  InputChannelState(
      InputChannels inputs, WatermarkTracker watermarks, OperatorClock clock, CheckpointAlignment checkpoints) {
    this.inputs = inputs;
    this.watermarks = watermarks;
    this.clock = clock;
    this.checkpoints = checkpoints;
    int[] owned = inputs.ownedPartitions();
    int[] initial = inputs.initialProducers();
    this.generations = new ProducerGenerations(owned, initial);
    int[] channels = inputs.producersPerPartition();
    for (int input = 0; input < owned.length; input++) {
      for (int slot = 0; slot < owned[input] && initial[input] < channels[input]; slot++) {
        switchProducers(input, slot, initial[input]);
      }
    }
  }

  private void switchProducers(int input, int slot, int active) {
    watermarks.switchProducers(input, slot, active);
    clock.switchProducers(input, slot, active);
    checkpoints.switchProducers(input, slot, active);
  }

  /**
   * Whether {@code record} comes from its partition's next producers before the partition has
   * switched to them: it then waits here, and comes back from {@link #takeReady} after the switch.
   */
  boolean waitsForSwitch(InputChannels.Source source, QueueRecord record) {
    if (!generations.fromNext(source.input, source.slot, record.message().producer())) {
      return false;
    }
    waiting.add(record);
    return true;
  }

  /** A retirement or an end came on the channel: the partition's producers may switch now. */
  void producerLeft(InputChannels.Source source, SplitMessage message) {
    int next =
        message.kind() == SplitMessage.Kind.RETIRE
            ? generations.retired(source.input, source.slot, message.producer(), message.nextProducers())
            : generations.ended(source.input, source.slot, message.producer());
    if (next > 0) {
      switchProducers(source.input, source.slot, next);
      for (int i = 0; i < waiting.size(); i++) {
        QueueRecord record = waiting.get(i);
        InputChannels.Source from = inputs.source(record);
        if (from.input == source.input && from.slot == source.slot) {
          ready.add(record);
          waiting.remove(i--);
        }
      }
    }
  }

  /** Records that waited for a switch that has happened, in arrival order; they come first. */
  List<QueueRecord> takeReady() {
    if (ready.isEmpty()) {
      return List.of();
    }
    List<QueueRecord> taken = new ArrayList<>(ready);
    ready.clear();
    return taken;
  }

  /**
   * Starts from what the old workers of a rescaled pool handed over: who writes each partition,
   * their channels' watermarks, past the newest checkpoint they aligned, and the records they had
   * read but not processed, which come first.
   */
  void takeOver(InputHandover handover) {
    checkpoints.startAfter(handover.checkpointId());
    for (InputHandover.PartitionProducers partition : handover.producers()) {
      int slot = inputs.slot(partition.input(), partition.partition());
      generations.set(partition.input(), slot, partition.producers(), partition.next(), partition.gone());
      switchProducers(partition.input(), slot, partition.producers());
    }
    for (InputHandover.ChannelWatermark channel : handover.watermarks()) {
      int slot = inputs.slot(channel.input(), channel.partition());
      watermarks.observe(channel.input(), slot, channel.producer(), channel.watermark());
      if (channel.watermark() == Watermarks.END) {
        checkpoints.ended(new InputChannels.Source(channel.input(), slot), channel.producer());
        clock.ended(channel.input(), slot, channel.producer());
      }
    }
    List<QueueRecord> held = new ArrayList<>();
    for (InputHandover.HeldRecord record : handover.records()) {
      held.add(
          inputs.record(
              record.input(), record.partition(), record.offset(), SplitMessage.fromWire(record.header(), record.body())));
    }
    inputs.requeueFirst(held);
  }

  /**
   * A worker leaving its pool: the records that wait for a switch (or are ready after one) go back
   * in front of what it read but did not process, in arrival order (an alignment's held records go
   * in front of them, being older still).
   */
  void returnWaiting(List<QueueRecord> released) {
    List<QueueRecord> first = new ArrayList<>(ready);
    first.addAll(waiting);
    ready.clear();
    waiting.clear();
    released.addAll(0, first);
  }

  /**
   * What this worker hands over as it retires, {@code checkpointId} being the newest checkpoint it
   * aligned: what it read but did not process, and per partition its producers and their
   * channels' watermarks.
   */
  InputHandover handOver(long checkpointId) {
    List<InputHandover.HeldRecord> records = new ArrayList<>();
    for (QueueRecord record : inputs.releasedRecords()) {
      InputChannels.Source source = inputs.source(record);
      SplitMessage message = record.message();
      records.add(
          new InputHandover.HeldRecord(
              source.input, record.partition().partition(), record.offset(), message.header(), message.inlineData()));
    }
    List<InputHandover.ChannelWatermark> channels = new ArrayList<>();
    List<InputHandover.PartitionProducers> producers = new ArrayList<>();
    int[] owned = inputs.ownedPartitions();
    for (int input = 0; input < owned.length; input++) {
      for (int slot = 0; slot < owned[input]; slot++) {
        int partition = inputs.partition(input, slot);
        int active = generations.active(input, slot);
        producers.add(
            new InputHandover.PartitionProducers(
                input, partition, active, generations.next(input, slot), generations.gone(input, slot)));
        for (int producer = 0; producer < active; producer++) {
          channels.add(
              new InputHandover.ChannelWatermark(input, partition, producer, watermarks.announced(input, slot, producer)));
        }
      }
    }
    return new InputHandover(checkpointId, records, channels, producers);
  }
}
