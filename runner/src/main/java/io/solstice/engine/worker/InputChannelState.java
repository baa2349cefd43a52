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
 * them switch together; when this worker's own pool is rescaled, this is what it hands over.
 */
final class InputChannelState {
  private final InputChannels inputs;
  private final WatermarkTracker watermarks;
  private final OperatorClock clock;
  private final CheckpointAlignment checkpoints;
  private final ProducerGenerations generations;

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

  /** A retirement or an end came on the channel: the partition's producers may switch now. */
  void producerLeft(InputChannels.Source source, SplitMessage message) {
    int next =
        message.kind() == SplitMessage.Kind.RETIRE
            ? generations.retired(source.input, source.slot, message.producer(), message.nextProducers())
            : generations.ended(source.input, source.slot, message.producer());
    if (next > 0) {
      switchProducers(source.input, source.slot, next);
    }
  }

  /**
   * Starts from what the old workers of a rescaled pool handed over: their channels' watermarks
   * and producers, aligned to the checkpoint they retired at, and the records they held, which
   * come first.
   */
  void takeOver(InputHandover handover) {
    checkpoints.startAfter(handover.checkpointId());
    int[] owned = inputs.ownedPartitions();
    for (int input = 0; input < owned.length; input++) {
      for (int slot = 0; slot < owned[input]; slot++) {
        int producers = 0;
        for (InputHandover.ChannelWatermark channel : handover.watermarks()) {
          if (channel.input() == input && inputs.slot(input, channel.partition()) == slot) {
            producers = Math.max(producers, channel.producer() + 1);
          }
        }
        if (producers > 0) {
          generations.set(input, slot, producers);
          switchProducers(input, slot, producers);
        }
      }
    }
    for (InputHandover.ChannelWatermark channel : handover.watermarks()) {
      int slot = inputs.slot(channel.input(), channel.partition());
      watermarks.observe(channel.input(), slot, channel.producer(), channel.watermark());
      if (channel.watermark() == Watermarks.END) {
        checkpoints.ended(new InputChannels.Source(channel.input(), slot), channel.producer());
        clock.ended(channel.input(), slot, channel.producer());
        generations.ended(channel.input(), slot, channel.producer());
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

  /** What this worker hands over as it retires at checkpoint {@code checkpointId}. */
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
    int[] owned = inputs.ownedPartitions();
    for (int input = 0; input < owned.length; input++) {
      for (int slot = 0; slot < owned[input]; slot++) {
        for (int producer = 0; producer < generations.active(input, slot); producer++) {
          channels.add(
              new InputHandover.ChannelWatermark(
                  input, inputs.partition(input, slot), producer, watermarks.announced(input, slot, producer)));
        }
      }
    }
    return new InputHandover(checkpointId, records, channels);
  }
}
