package io.solstice.translation.runtime.operators;

import io.solstice.translation.runtime.GroupingMemory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.TimestampCombiner;
import org.joda.time.Instant;

/**
 * A batch GroupByKey's values, gathered as encoded records in a {@link RecordBuffer} within the
 * step's grouping memory. When the buffer is full its records are sorted and written as a run;
 * once the input ends the buffer is sorted and merged with the runs, and each key and window's
 * records become one group. Data that fits is sorted in memory and never touches the disk. Bytes
 * in a few long-lived pages, rather than objects per value, keep the heap's use close to the budget.
 */
final class ValueGathering<K, InputT, AccumT, OutputT> implements Gathering<K, InputT, AccumT, OutputT> {
  private final RecordBuffer buffer;
  private final RecordEncoder<K, InputT> encoder;
  private final RecordGroups<K, InputT, AccumT, OutputT> groups;
  private final SpillFiles spills;

  ValueGathering(
      GatheredGroups<K, InputT, AccumT, OutputT> format,
      TimestampCombiner timestampCombiner,
      GroupingMemory memory,
      String stepName) {
    this.buffer = new RecordBuffer(memory.budgetBytes());
    this.encoder = new RecordEncoder<>(format.keyCoder(), format.windowCoder(), format.valueCoder());
    this.groups = new RecordGroups<>(format, timestampCombiner);
    this.spills = new SpillFiles(memory, stepName);
  }

  @Override
  public void add(K key, BoundedWindow window, Instant timestamp, InputT value) throws IOException {
    int length = encoder.encode(key, window, timestamp.getMillis(), value);
    if (!buffer.fits(length)) {
      spills.spill(buffer.sortedCursor());
      buffer.clear();
    }
    buffer.append(encoder.bytes(), length);
  }

  @Override
  public void restore(BoundedWindow window, KeyWindowGroup<K, InputT, AccumT, OutputT> group) throws IOException {
    for (InputT value : group.values()) {
      add(group.key, window, group.timestamp, value);
    }
  }

  @Override
  public boolean spilled() {
    return spills.any();
  }

  @Override
  public long spilledBytes() {
    return spills.bytes();
  }

  @Override
  public String spillSummary() {
    return spills.summary();
  }

  @Override
  public List<GatheredGroups.Entry<K, InputT, AccumT, OutputT>> inMemory() throws IOException {
    List<GatheredGroups.Entry<K, InputT, AccumT, OutputT>> entries = new ArrayList<>();
    try {
      groups.forEach(buffer.sortedCursor(), (window, group) -> entries.add(new GatheredGroups.Entry<>(window, group)));
    } catch (IOException | RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IOException(e);
    }
    return entries;
  }

  @Override
  public void drain(Sink<K, InputT, AccumT, OutputT> sink) throws Exception {
    try (RecordCursor sorted = spills.any() ? spills.merged(buffer.sortedCursor()) : buffer.sortedCursor()) {
      groups.forEach(sorted, sink);
    }
    close();
  }

  @Override
  public void close() {
    buffer.release();
    spills.deleteAll();
  }
}
