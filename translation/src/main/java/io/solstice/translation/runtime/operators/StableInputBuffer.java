package io.solstice.translation.runtime.operators;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.values.WindowedValue;
import org.joda.time.Instant;

/**
 * The input of a DoFn that {@code @RequiresStableInput}, held until a checkpoint that contains it
 * has completed, as the Flink runner does: after a failure the job rewinds to that checkpoint, and
 * the DoFn sees the same elements again, never a recomputed (possibly different) version of them.
 * Held elements are part of the operator's snapshot and hold the watermark; those restored from a
 * checkpoint are stable at once.
 */
final class StableInputBuffer<T> {
  private final Coder<WindowedValue<T>> coder;
  private List<WindowedValue<T>> sinceSnapshot = new ArrayList<>();
  private final NavigableMap<Long, List<WindowedValue<T>>> awaitingCheckpoint = new TreeMap<>();
  private List<WindowedValue<T>> stable = new ArrayList<>();

  StableInputBuffer(Coder<WindowedValue<T>> coder) {
    this.coder = coder;
  }

  void add(WindowedValue<T> element) {
    sinceSnapshot.add(element);
  }

  /** A snapshot for {@code checkpointId} is being taken: what arrived since the last waits for it. */
  void snapshotTaken(long checkpointId) {
    if (!sinceSnapshot.isEmpty()) {
      awaitingCheckpoint.put(checkpointId, sinceSnapshot);
      sinceSnapshot = new ArrayList<>();
    }
  }

  /** Checkpoint {@code checkpointId} completed: the elements it contains become stable. */
  void checkpointCompleted(long checkpointId) {
    NavigableMap<Long, List<WindowedValue<T>>> covered = awaitingCheckpoint.headMap(checkpointId, true);
    covered.values().forEach(stable::addAll);
    covered.clear();
  }

  /** The elements that are stable now, in arrival order; they leave the buffer. */
  List<WindowedValue<T>> takeStable() {
    List<WindowedValue<T>> taken = stable;
    stable = new ArrayList<>();
    return taken;
  }

  boolean hasStable() {
    return !stable.isEmpty();
  }

  boolean isEmpty() {
    return sinceSnapshot.isEmpty() && awaitingCheckpoint.isEmpty() && stable.isEmpty();
  }

  /** The earliest timestamp held, {@code TIMESTAMP_MAX_VALUE} if none. */
  Instant hold() {
    Instant hold = BoundedWindow.TIMESTAMP_MAX_VALUE;
    for (List<WindowedValue<T>> elements : all()) {
      for (WindowedValue<T> element : elements) {
        hold = element.getTimestamp().isBefore(hold) ? element.getTimestamp() : hold;
      }
    }
    return hold;
  }

  private List<List<WindowedValue<T>>> all() {
    List<List<WindowedValue<T>>> all = new ArrayList<>(awaitingCheckpoint.values());
    all.add(stable);
    all.add(sinceSnapshot);
    return all;
  }

  /** Writes every held element; call after {@link #snapshotTaken}. */
  void snapshot(DataOutputStream out) throws IOException {
    int count = 0;
    for (List<WindowedValue<T>> elements : all()) {
      count += elements.size();
    }
    out.writeInt(count);
    for (Map.Entry<Long, List<WindowedValue<T>>> awaiting : awaitingCheckpoint.entrySet()) {
      for (WindowedValue<T> element : awaiting.getValue()) {
        coder.encode(element, out);
      }
    }
    for (WindowedValue<T> element : stable) {
      coder.encode(element, out);
    }
    for (WindowedValue<T> element : sinceSnapshot) {
      coder.encode(element, out);
    }
  }

  /** Reads what {@link #snapshot} wrote: it was in a completed checkpoint, so it is stable. */
  void restore(DataInputStream in) throws IOException {
    for (int n = in.readInt(); n > 0; n--) {
      stable.add(coder.decode(in));
    }
  }
}
