package io.solstice.engine.control;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToIntFunction;

/**
 * What a rescaled pool's old workers hand their input partitions over with: the newest checkpoint
 * they aligned, the records they had read but not processed (an alignment held them; they were
 * committed, so only this brings them back), and the watermark every producer had
 * announced on each partition (a producer that sends nothing more would otherwise never be heard
 * again), and who writes each partition (an upstream pool's rescale may be under way on it). The
 * master gathers the old workers' parts and gives each new worker those of the
 * partitions it now reads.
 */
public final class InputHandover implements Serializable {
  private static final long serialVersionUID = 1L;

  /** A record read but not processed, in its wire form. */
  public record HeldRecord(int input, int partition, long offset, byte[] header, byte[] body) implements Serializable {}

  /** The latest watermark {@code producer} announced on {@code partition} of input {@code input}. */
  public record ChannelWatermark(int input, int partition, int producer, long watermark) implements Serializable {}

  /**
   * Who writes {@code partition} of input {@code input}: {@code producers} now, and if an upstream
   * pool's rescale is under way on it, the {@code next} that follow once the old ones {@code gone}
   * so far (retired or ended) are joined by the rest.
   */
  public record PartitionProducers(int input, int partition, int producers, int next, java.util.BitSet gone)
      implements Serializable {}

  private final long checkpointId;
  private final List<HeldRecord> records;
  private final List<ChannelWatermark> watermarks;
  private final List<PartitionProducers> producers;

  public InputHandover(
      long checkpointId, List<HeldRecord> records, List<ChannelWatermark> watermarks, List<PartitionProducers> producers) {
    this.checkpointId = checkpointId;
    this.records = List.copyOf(records);
    this.watermarks = List.copyOf(watermarks);
    this.producers = List.copyOf(producers);
  }

  /** The newest checkpoint the old workers aligned: the new ones start past it. */
  public long checkpointId() {
    return checkpointId;
  }

  /** Held records, in the order they were read on each partition. */
  public List<HeldRecord> records() {
    return records;
  }

  public List<ChannelWatermark> watermarks() {
    return watermarks;
  }

  /** Per partition, who writes it. */
  public List<PartitionProducers> producers() {
    return producers;
  }

  /** The old workers' parts together (each partition had one reader, so its order is kept). */
  public static InputHandover merge(long checkpointId, List<InputHandover> parts) {
    List<HeldRecord> records = new ArrayList<>();
    List<ChannelWatermark> watermarks = new ArrayList<>();
    List<PartitionProducers> producers = new ArrayList<>();
    for (InputHandover part : parts) {
      records.addAll(part.records);
      watermarks.addAll(part.watermarks);
      producers.addAll(part.producers);
    }
    return new InputHandover(checkpointId, records, watermarks, producers);
  }

  /** The part of the partitions worker {@code index} of {@code workers} reads. */
  public InputHandover forReader(int index, int workers) {
    return new InputHandover(
        checkpointId,
        ofReader(records, HeldRecord::partition, index, workers),
        ofReader(watermarks, ChannelWatermark::partition, index, workers),
        ofReader(producers, PartitionProducers::partition, index, workers));
  }

  private static <T> List<T> ofReader(List<T> items, ToIntFunction<T> partition, int index, int workers) {
    List<T> mine = new ArrayList<>();
    for (T item : items) {
      if (PartitionOwnership.reader(partition.applyAsInt(item), workers) == index) {
        mine.add(item);
      }
    }
    return mine;
  }

}
