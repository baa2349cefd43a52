package io.solstice.translation.runtime.operators;

import io.solstice.translation.runtime.GroupingMemory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.stream.Stream;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.TimestampCombiner;
import org.apache.beam.sdk.util.CoderUtils;
import org.joda.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The groups (values or an accumulator per key and window) a batch group-by gathers, kept in a hash
 * map while their estimated heap size fits the step's {@link GroupingMemory}. Past the budget the
 * map is written to a spill file as a run sorted by encoded key and window, and emptied, as Flink's
 * sort-based batch operators do. At the end the runs are merged, so that each key and window comes
 * out once however many runs it was spread over; data that fits never touches the disk.
 */
final class SpillingGroups<K, InputT, AccumT, OutputT> implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SpillingGroups.class);
  /** Heap of a group beside its key and values: map entry, slot, group and its list. */
  private static final long GROUP_BYTES = 200;
  /** An accumulator's heap, taken as fixed; accumulators that grow with their input are underrated. */
  private static final long ACCUMULATOR_BYTES = 64;

  /** Takes each gathered group once the input has ended. */
  interface Sink<K, InputT, AccumT, OutputT> {
    void accept(BoundedWindow window, KeyWindowGroup<K, InputT, AccumT, OutputT> group) throws Exception;
  }

  private final GatheredGroups<K, InputT, AccumT, OutputT> format;
  private final TimestampCombiner timestampCombiner;
  private final GroupingMemory memory;
  private final String stepName;
  private final Map<Slot, KeyWindowGroup<K, InputT, AccumT, OutputT>> groups = new HashMap<>();
  private final HeapSizeSample<K> keySizes;
  private final HeapSizeSample<InputT> valueSizes;
  private final List<Path> runs = new ArrayList<>();
  private long heapBytes;
  private long spilledBytes;
  private Path directory;

  SpillingGroups(
      GatheredGroups<K, InputT, AccumT, OutputT> format,
      TimestampCombiner timestampCombiner,
      GroupingMemory memory,
      String stepName) {
    this.format = format;
    this.timestampCombiner = timestampCombiner;
    this.memory = memory;
    this.stepName = stepName;
    this.keySizes = new HeapSizeSample<>(format.keyCoder());
    this.valueSizes = new HeapSizeSample<>(format.valueCoder());
  }

  /** Adds {@code value} to the group of {@code key} in {@code window}; may spill. */
  void add(K key, Object structuralKey, BoundedWindow window, Instant timestamp, InputT value) throws IOException {
    Slot slot = new Slot(structuralKey, window);
    KeyWindowGroup<K, InputT, AccumT, OutputT> group = groups.get(slot);
    if (group == null) {
      group = format.newGroup(key, timestamp);
      groups.put(slot, group);
      heapBytes += GROUP_BYTES + keySizes.heapBytes(key) + (format.combines() ? ACCUMULATOR_BYTES : 0);
    } else {
      group.timestamp = timestampCombiner.combine(group.timestamp, timestamp);
    }
    group.add(value);
    if (!format.combines()) {
      heapBytes += valueSizes.heapBytes(value);
    }
    if (heapBytes > memory.budgetBytes()) {
      spill();
    }
  }

  /** Puts back a group a checkpoint held (no group of its key and window is here yet). */
  void restore(Object structuralKey, BoundedWindow window, KeyWindowGroup<K, InputT, AccumT, OutputT> group) throws IOException {
    groups.put(new Slot(structuralKey, window), group);
    heapBytes += GROUP_BYTES + keySizes.heapBytes(group.key) + (format.combines() ? ACCUMULATOR_BYTES : 0);
    if (!format.combines()) {
      for (InputT value : group.values()) {
        heapBytes += valueSizes.heapBytes(value);
      }
    }
    if (heapBytes > memory.budgetBytes()) {
      spill();
    }
  }

  /** Whether part of what was gathered is on disk (then it cannot be snapshotted from here). */
  boolean spilled() {
    return !runs.isEmpty();
  }

  long spilledBytes() {
    return spilledBytes;
  }

  int runCount() {
    return runs.size();
  }

  /** The groups in memory, with their windows (all of them unless {@link #spilled}). */
  List<GatheredGroups.Entry<K, InputT, AccumT, OutputT>> inMemory() {
    List<GatheredGroups.Entry<K, InputT, AccumT, OutputT>> entries = new ArrayList<>(groups.size());
    groups.forEach((slot, group) -> entries.add(new GatheredGroups.Entry<>(slot.window, group)));
    return entries;
  }

  /** Hands every group to {@code sink}, each key and window once, and forgets them. */
  void drain(Sink<K, InputT, AccumT, OutputT> sink) throws Exception {
    if (runs.isEmpty()) {
      for (Map.Entry<Slot, KeyWindowGroup<K, InputT, AccumT, OutputT>> entry : groups.entrySet()) {
        sink.accept(entry.getKey().window, entry.getValue());
      }
      groups.clear();
      heapBytes = 0;
      return;
    }
    spill();
    merge(sink);
    deleteRuns();
  }

  private void spill() throws IOException {
    if (groups.isEmpty()) {
      return;
    }
    List<SpillRun.Sorted<K, InputT, AccumT, OutputT>> sorted = new ArrayList<>(groups.size());
    for (Map.Entry<Slot, KeyWindowGroup<K, InputT, AccumT, OutputT>> entry : groups.entrySet()) {
      KeyWindowGroup<K, InputT, AccumT, OutputT> group = entry.getValue();
      sorted.add(
          new SpillRun.Sorted<>(
              CoderUtils.encodeToByteArray(format.keyCoder(), group.key, Coder.Context.NESTED),
              CoderUtils.encodeToByteArray(format.windowCoder(), entry.getKey().window),
              group));
    }
    groups.clear();
    sorted.sort(null);
    Path run = null;
    try {
      run = spillDirectory().resolve("run-" + runs.size());
      long bytes = SpillRun.write(run, sorted, format);
      runs.add(run);
      spilledBytes += bytes;
      LOG.info(
          "Step {} gathered more than its grouping memory ({} estimated): spilled run {} of {} groups ({}) to {}",
          stepName, megabytes(memory.budgetBytes()), runs.size(), sorted.size(), megabytes(bytes), run);
    } catch (IOException e) {
      throw new IOException(
          "Step " + stepName + " could not spill its gathered groups to " + (run == null ? memory.spillDirectory() : run)
              + " (" + e + "); give --spillDirectory a disk with room, or raise --groupingMemoryMb", e);
    }
    heapBytes = 0;
  }

  static String megabytes(long bytes) {
    return String.format("%.1f MB", bytes / (double) (1 << 20));
  }

  private Path spillDirectory() throws IOException {
    if (directory == null) {
      Files.createDirectories(memory.spillDirectory());
      directory = Files.createTempDirectory(memory.spillDirectory(), "solstice-spill-");
    }
    return directory;
  }

  /** Merges the sorted runs, combining a key and window's parts from every run it is in. */
  private void merge(Sink<K, InputT, AccumT, OutputT> sink) throws Exception {
    PriorityQueue<SpillRun.Reader> heads =
        new PriorityQueue<>((a, b) -> SpillRun.compare(a.key(), a.window(), b.key(), b.window()));
    List<SpillRun.Reader> readers = new ArrayList<>();
    try {
      for (Path run : runs) {
        SpillRun.Reader reader = new SpillRun.Reader(run);
        readers.add(reader);
        if (reader.advance()) {
          heads.add(reader);
        }
      }
      while (!heads.isEmpty()) {
        SpillRun.Reader first = heads.poll();
        byte[] key = first.key();
        byte[] window = first.window();
        K decodedKey = CoderUtils.decodeFromByteArray(format.keyCoder(), key, Coder.Context.NESTED);
        KeyWindowGroup<K, InputT, AccumT, OutputT> group = first.body(decodedKey, format);
        requeue(first, heads);
        while (!heads.isEmpty() && SpillRun.compare(key, window, heads.peek().key(), heads.peek().window()) == 0) {
          SpillRun.Reader next = heads.poll();
          KeyWindowGroup<K, InputT, AccumT, OutputT> part = next.body(decodedKey, format);
          group.absorb(part);
          group.timestamp = timestampCombiner.combine(group.timestamp, part.timestamp);
          requeue(next, heads);
        }
        sink.accept(CoderUtils.decodeFromByteArray(format.windowCoder(), window), group);
      }
    } finally {
      for (SpillRun.Reader reader : readers) {
        reader.close();
      }
    }
  }

  private static void requeue(SpillRun.Reader reader, PriorityQueue<SpillRun.Reader> heads) throws IOException {
    if (reader.advance()) {
      heads.add(reader);
    }
  }

  /** Removes every spill file (the step ended, or failed). */
  @Override
  public void close() {
    groups.clear();
    deleteRuns();
  }

  private void deleteRuns() {
    runs.clear();
    if (directory == null) {
      return;
    }
    try (Stream<Path> files = Files.list(directory)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        Files.deleteIfExists(file);
      }
      Files.deleteIfExists(directory);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not remove the spill files of step " + stepName + " in " + directory, e);
    }
    directory = null;
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
