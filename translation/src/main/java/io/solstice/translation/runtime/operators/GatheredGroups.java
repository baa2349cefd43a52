package io.solstice.translation.runtime.operators;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.transforms.Combine.CombineFn;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.util.CoderUtils;
import org.joda.time.Instant;

/**
 * Writes and reads what a batch group-by has gathered so far (values or accumulators per key and
 * window), one key group at a time, so that a batch job can checkpoint mid-input and its groups
 * could move to another worker. Each group's bytes stand alone:
 *
 * <pre>
 * version
 * count, then per key and window: key (length, nested encoding), window, timestamp millis,
 *   then its values (count, each value) or its accumulator, in their coders
 * </pre>
 *
 * <p>The whole gathered input is written at every checkpoint: a batch job's checkpoints grow with
 * its input, unlike a streaming job's, whose state the triggers keep small.
 */
final class GatheredGroups<K, InputT, AccumT, OutputT> {
  private static final int VERSION = 1;

  /** One gathered group, with the window it was gathered under. */
  record Entry<K, InputT, AccumT, OutputT>(BoundedWindow window, KeyWindowGroup<K, InputT, AccumT, OutputT> group) {}

  private final Coder<K> keyCoder;
  private final Coder<BoundedWindow> windowCoder;
  private final Coder<InputT> valueCoder;
  private final Coder<AccumT> accumulatorCoder;
  private final CombineFn<InputT, AccumT, OutputT> combineFn;

  /**
   * @param accumulatorCoder the accumulators' coder, or null when values are gathered
   * @param combineFn the combine function, or null when values are gathered
   */
  GatheredGroups(
      Coder<K> keyCoder,
      Coder<BoundedWindow> windowCoder,
      Coder<InputT> valueCoder,
      Coder<AccumT> accumulatorCoder,
      CombineFn<InputT, AccumT, OutputT> combineFn) {
    this.keyCoder = keyCoder;
    this.windowCoder = windowCoder;
    this.valueCoder = valueCoder;
    this.accumulatorCoder = accumulatorCoder;
    this.combineFn = combineFn;
  }

  /** A new, empty group of {@code key}. */
  KeyWindowGroup<K, InputT, AccumT, OutputT> newGroup(K key, Instant timestamp) {
    return new KeyWindowGroup<>(key, timestamp, combineFn);
  }

  /** The groups, by key group of their key. */
  Map<Integer, byte[]> write(Iterable<Entry<K, InputT, AccumT, OutputT>> entries, ToIntFunction<byte[]> keyGroupOf)
      throws IOException {
    Map<Integer, List<EncodedKey<K, InputT, AccumT, OutputT>>> byKeyGroup = new HashMap<>();
    for (Entry<K, InputT, AccumT, OutputT> entry : entries) {
      byte[] key = CoderUtils.encodeToByteArray(keyCoder, entry.group().key, Coder.Context.NESTED);
      byKeyGroup.computeIfAbsent(keyGroupOf.applyAsInt(key), g -> new ArrayList<>()).add(new EncodedKey<>(key, entry));
    }
    Map<Integer, byte[]> groups = new HashMap<>();
    for (Map.Entry<Integer, List<EncodedKey<K, InputT, AccumT, OutputT>>> keyGroup : byKeyGroup.entrySet()) {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      DataOutputStream out = new DataOutputStream(bytes);
      out.writeInt(VERSION);
      out.writeInt(keyGroup.getValue().size());
      for (EncodedKey<K, InputT, AccumT, OutputT> keyed : keyGroup.getValue()) {
        out.writeInt(keyed.key().length);
        out.write(keyed.key());
        writeGroup(keyed.entry(), out);
      }
      out.flush();
      groups.put(keyGroup.getKey(), bytes.toByteArray());
    }
    return groups;
  }

  private record EncodedKey<K, InputT, AccumT, OutputT>(byte[] key, Entry<K, InputT, AccumT, OutputT> entry) {}

  private void writeGroup(Entry<K, InputT, AccumT, OutputT> entry, DataOutputStream out) throws IOException {
    windowCoder.encode(entry.window(), out);
    writeBody(entry.group(), out);
  }

  /** A group's timestamp and its values or accumulator, without its key and window. */
  private void writeBody(KeyWindowGroup<K, InputT, AccumT, OutputT> group, DataOutputStream out) throws IOException {
    out.writeLong(group.timestamp.getMillis());
    if (combineFn == null) {
      List<InputT> values = group.values();
      out.writeInt(values.size());
      for (InputT value : values) {
        valueCoder.encode(value, out);
      }
    } else {
      accumulatorCoder.encode(group.accumulator(), out);
    }
  }

  /** Every group in {@code keyGroups}, as written by {@link #write}. */
  List<Entry<K, InputT, AccumT, OutputT>> read(Iterable<byte[]> keyGroups) throws IOException {
    List<Entry<K, InputT, AccumT, OutputT>> entries = new ArrayList<>();
    for (byte[] keyGroup : keyGroups) {
      DataInputStream in = new DataInputStream(new ByteArrayInputStream(keyGroup));
      int version = in.readInt();
      if (version != VERSION) {
        throw new IOException("Gathered groups of version " + version + " are not ones this runner reads");
      }
      int count = in.readInt();
      for (int i = 0; i < count; i++) {
        byte[] key = new byte[in.readInt()];
        in.readFully(key);
        entries.add(readGroup(CoderUtils.decodeFromByteArray(keyCoder, key, Coder.Context.NESTED), in));
      }
      if (in.available() > 0) {
        throw new IOException("Gathered groups have " + in.available() + " bytes past their end");
      }
    }
    return entries;
  }

  private Entry<K, InputT, AccumT, OutputT> readGroup(K key, DataInputStream in) throws IOException {
    BoundedWindow window = windowCoder.decode(in);
    return new Entry<>(window, readBody(key, in));
  }

  /** A group of {@code key} as {@link #writeBody} wrote it. */
  private KeyWindowGroup<K, InputT, AccumT, OutputT> readBody(K key, DataInputStream in) throws IOException {
    KeyWindowGroup<K, InputT, AccumT, OutputT> group = newGroup(key, new Instant(in.readLong()));
    if (combineFn == null) {
      int values = in.readInt();
      for (int v = 0; v < values; v++) {
        group.add(valueCoder.decode(in));
      }
    } else {
      group.restoreAccumulator(accumulatorCoder.decode(in));
    }
    return group;
  }

  /** Adds a record's payload to {@code group}: a value, or an accumulator to merge. */
  void addPayload(KeyWindowGroup<K, InputT, AccumT, OutputT> group, byte[] payload) throws IOException {
    // Payloads are nested encodings, as RecordEncoder writes values: a context-sensitive coder
    // (strings, byte arrays) reads an outer encoding differently.
    if (combineFn == null) {
      group.add(CoderUtils.decodeFromByteArray(valueCoder, payload, Coder.Context.NESTED));
    } else {
      group.mergeAccumulator(CoderUtils.decodeFromByteArray(accumulatorCoder, payload, Coder.Context.NESTED));
    }
  }

  /** A group's accumulator as a record payload (nested, as values are). */
  byte[] accumulatorPayload(KeyWindowGroup<K, InputT, AccumT, OutputT> group) throws IOException {
    return CoderUtils.encodeToByteArray(accumulatorCoder, group.accumulator(), Coder.Context.NESTED);
  }

  Coder<K> keyCoder() {
    return keyCoder;
  }

  Coder<BoundedWindow> windowCoder() {
    return windowCoder;
  }

  Coder<InputT> valueCoder() {
    return valueCoder;
  }

  /** Whether groups keep an accumulator rather than their values. */
  boolean combines() {
    return combineFn != null;
  }
}
