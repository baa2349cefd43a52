package io.solstice.translation.runtime.operators;

import io.solstice.translation.runtime.GroupingMemory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.TimestampCombiner;
import org.apache.beam.sdk.util.CoderUtils;
import org.joda.time.Instant;

/**
 * A batch Combine's accumulators, one per key and window, in a hash map while their estimated heap
 * (sampled key sizes, a fixed allowance per accumulator) fits the step's grouping memory. Past it
 * the map is written as a run of records sorted by encoded key and window, and emptied; once the
 * input ends the runs are merged and each key and window's accumulators merged into one. Data that
 * fits never touches the disk.
 */
final class AccumulatorGathering<K, InputT, AccumT, OutputT> implements Gathering<K, InputT, AccumT, OutputT> {
  /** Heap of a group beside its key: map entry, slot, group and an accumulator of a few fields. */
  private static final long GROUP_BYTES = 200;

  private final GatheredGroups<K, InputT, AccumT, OutputT> format;
  private final TimestampCombiner timestampCombiner;
  private final GroupingMemory memory;
  private final Map<Slot, KeyWindowGroup<K, InputT, AccumT, OutputT>> groups = new HashMap<>();
  private final HeapSizeSample<K> keySizes;
  private final RecordGroups<K, InputT, AccumT, OutputT> merging;
  private final SpillFiles spills;
  private final boolean keysTogether;
  private long heapBytes;

  /** @param keysTogether whether {@link #drain} must hand a key's groups over one after another */
  AccumulatorGathering(
      GatheredGroups<K, InputT, AccumT, OutputT> format,
      TimestampCombiner timestampCombiner,
      GroupingMemory memory,
      String stepName,
      boolean keysTogether) {
    this.format = format;
    this.timestampCombiner = timestampCombiner;
    this.memory = memory;
    this.keySizes = new HeapSizeSample<>(format.keyCoder());
    this.merging = new RecordGroups<>(format, timestampCombiner);
    this.spills = new SpillFiles(memory, stepName);
    this.keysTogether = keysTogether;
  }

  @Override
  public void add(K key, BoundedWindow window, Instant timestamp, InputT value) throws IOException {
    Slot slot = new Slot(format.keyCoder().structuralValue(key), window);
    KeyWindowGroup<K, InputT, AccumT, OutputT> group = groups.get(slot);
    if (group == null) {
      group = format.newGroup(key, timestamp);
      group.add(value);
      put(slot, group);
    } else {
      group.timestamp = timestampCombiner.combine(group.timestamp, timestamp);
      group.add(value);
    }
  }

  @Override
  public void restore(BoundedWindow window, KeyWindowGroup<K, InputT, AccumT, OutputT> group) throws IOException {
    put(new Slot(format.keyCoder().structuralValue(group.key), window), group);
  }

  /** Puts a new group in the map, which may then spill (with the group). */
  private void put(Slot slot, KeyWindowGroup<K, InputT, AccumT, OutputT> group) throws IOException {
    groups.put(slot, group);
    heapBytes += GROUP_BYTES + keySizes.heapBytes(group.key);
    if (heapBytes > memory.budgetBytes()) {
      spill();
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
  public List<GatheredGroups.Entry<K, InputT, AccumT, OutputT>> inMemory() {
    List<GatheredGroups.Entry<K, InputT, AccumT, OutputT>> entries = new ArrayList<>(groups.size());
    groups.forEach((slot, group) -> entries.add(new GatheredGroups.Entry<>(slot.window, group)));
    return entries;
  }

  @Override
  public void drain(Sink<K, InputT, AccumT, OutputT> sink) throws Exception {
    if (!spills.any() && !keysTogether) {
      for (Map.Entry<Slot, KeyWindowGroup<K, InputT, AccumT, OutputT>> entry : groups.entrySet()) {
        sink.accept(entry.getKey().window, entry.getValue());
      }
    } else if (!spills.any()) {
      try (RecordCursor sorted = sortedRecords()) {
        merging.forEach(sorted, sink);
      }
    } else {
      spill();
      try (RecordCursor sorted = spills.merged()) {
        merging.forEach(sorted, sink);
      }
    }
    close();
  }

  private void spill() throws IOException {
    spills.spill(sortedRecords());
  }

  /** The map as records in key and window order, emptied. */
  private RecordCursor sortedRecords() throws IOException {
    List<GroupRecord> records = new ArrayList<>(groups.size());
    for (Map.Entry<Slot, KeyWindowGroup<K, InputT, AccumT, OutputT>> entry : groups.entrySet()) {
      KeyWindowGroup<K, InputT, AccumT, OutputT> group = entry.getValue();
      records.add(
          new GroupRecord(
              CoderUtils.encodeToByteArray(format.keyCoder(), group.key, Coder.Context.NESTED),
              CoderUtils.encodeToByteArray(format.windowCoder(), entry.getKey().window, Coder.Context.NESTED),
              group.timestamp.getMillis(),
              format.accumulatorPayload(group)));
    }
    groups.clear();
    heapBytes = 0;
    records.sort((a, b) -> GroupRecord.compare(a.key(), a.window(), b.key(), b.window()));
    Iterator<GroupRecord> inOrder = records.iterator();
    return () -> inOrder.hasNext() ? inOrder.next() : null;
  }

  @Override
  public void close() {
    groups.clear();
    heapBytes = 0;
    spills.deleteAll();
  }

  /** A key (by its structural value, as Beam groups) in one window. */
  private static final class Slot {
    final Object key;
    final BoundedWindow window;
    final int hash;

    Slot(Object key, BoundedWindow window) {
      this.key = key;
      this.window = window;
      this.hash = 31 * Objects.hashCode(key) + window.hashCode();
    }

    @Override
    public boolean equals(Object o) {
      if (!(o instanceof Slot)) {
        return false;
      }
      Slot that = (Slot) o;
      return hash == that.hash && Objects.equals(key, that.key) && window.equals(that.window);
    }

    @Override
    public int hashCode() {
      return hash;
    }
  }
}
