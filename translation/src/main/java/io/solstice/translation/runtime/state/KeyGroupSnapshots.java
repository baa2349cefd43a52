package io.solstice.translation.runtime.state;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.beam.runners.core.StateInternals;
import org.apache.beam.runners.core.StateNamespace;
import org.apache.beam.runners.core.StateNamespaces;
import org.apache.beam.runners.core.StateTag;
import org.apache.beam.runners.core.TimerInternals;
import org.apache.beam.runners.core.TimerInternals.TimerData;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.state.State;
import org.apache.beam.sdk.state.TimeDomain;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.util.SerializableUtils;
import org.joda.time.Instant;

/**
 * Writes and reads the keyed state and timers of one keyed operator, one key group at a time. A
 * key group's bytes stand alone (they carry the state tags they use), so a group can be restored
 * on any worker: the format is versioned, and nothing in it depends on which worker wrote it.
 *
 * <pre>
 * version
 * tags:  count, then each tag Java-serialized (length, bytes)
 * keys:  count, then per key: its nested encoding (length, bytes);
 *        its cells (count; namespace, tag index, contents in the tag's format);
 *        its timers (count; id, family, namespace, time, output time, domain)
 * </pre>
 */
public final class KeyGroupSnapshots {
  private static final int VERSION = 1;
  private static final String GLOBAL = StateNamespaces.global().stringKey();

  private final KeyedStateBackend state;
  private final KeyedTimers timers;
  private final Coder<?> keyCoder;
  private final Coder<? extends BoundedWindow> windowCoder;

  public KeyGroupSnapshots(
      KeyedStateBackend state, KeyedTimers timers, Coder<?> keyCoder, Coder<? extends BoundedWindow> windowCoder) {
    this.state = state;
    this.timers = timers;
    this.keyCoder = keyCoder;
    this.windowCoder = windowCoder;
  }

  /** Every key group with state or timers on this worker, serialized. */
  public Map<Integer, byte[]> snapshot() throws IOException {
    Map<Integer, Set<KeyBytes>> keysByGroup = new TreeMap<>();
    for (int group : state.keyGroups()) {
      keysByGroup.computeIfAbsent(group, g -> new TreeSet<>(KeyBytes.ORDER)).addAll(state.keys(group));
    }
    for (KeyBytes key : timers.keys()) {
      keysByGroup.computeIfAbsent(state.keyGroupOf(key), g -> new TreeSet<>(KeyBytes.ORDER)).add(key);
    }
    Map<Integer, byte[]> groups = new TreeMap<>();
    for (Map.Entry<Integer, Set<KeyBytes>> group : keysByGroup.entrySet()) {
      byte[] bytes = writeGroup(group.getValue());
      if (bytes != null) {
        groups.put(group.getKey(), bytes);
      }
    }
    return groups;
  }

  /** One group's bytes, or null if none of its keys holds anything. */
  private byte[] writeGroup(Set<KeyBytes> keys) throws IOException {
    Map<StateTag<?>, Integer> tagIndex = new LinkedHashMap<>();
    Map<String, StateCellFormat> formats = new HashMap<>();
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(body);
    int written = 0;
    ByteArrayOutputStream keyBody = new ByteArrayOutputStream();
    for (KeyBytes key : keys) {
      List<SnapshotStateInternals.Cell> cells = state.cells(key);
      List<TimerData> pending = timers.timersOf(key);
      if (cells.isEmpty() && pending.isEmpty()) {
        continue;
      }
      written++;
      keyBody.reset();
      DataOutputStream keyOut = new DataOutputStream(keyBody);
      writeBytes(keyOut, key.bytes());
      keyOut.writeInt(cells.size());
      for (SnapshotStateInternals.Cell cell : cells) {
        keyOut.writeUTF(cell.namespace.stringKey());
        keyOut.writeInt(tagIndex.computeIfAbsent(cell.tag, t -> tagIndex.size()));
        formats.computeIfAbsent(cell.tag.getId(), id -> StateCellFormat.of(cell.tag)).write(cell.state, keyOut);
      }
      keyOut.writeInt(pending.size());
      for (TimerData timer : pending) {
        writeTimer(timer, keyOut);
      }
      keyOut.flush();
      keyBody.writeTo(out);
    }
    if (written == 0) {
      return null;
    }
    out.flush();
    ByteArrayOutputStream group = new ByteArrayOutputStream(body.size() + 256);
    DataOutputStream groupOut = new DataOutputStream(group);
    groupOut.writeInt(VERSION);
    groupOut.writeInt(tagIndex.size());
    for (StateTag<?> tag : tagIndex.keySet()) {
      writeBytes(groupOut, SerializableUtils.serializeToByteArray(tag));
    }
    groupOut.writeInt(written);
    body.writeTo(groupOut);
    groupOut.flush();
    return group.toByteArray();
  }

  /** Loads key groups' bytes (each from {@link #snapshot}) into this state and timers. */
  public void restore(Collection<byte[]> groups) throws IOException {
    for (byte[] group : groups) {
      restore(group);
    }
  }

  /** Loads one key group's bytes into this (empty for those keys) state and timers. */
  public void restore(byte[] group) throws IOException {
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(group));
    int version = in.readInt();
    if (version != VERSION) {
      throw new IOException("Keyed state snapshot version " + version + " is not one this runner reads (" + VERSION + ")");
    }
    List<StateTag<?>> tags = new ArrayList<>();
    for (int i = in.readInt(); i > 0; i--) {
      tags.add((StateTag<?>) SerializableUtils.deserializeFromByteArray(readBytes(in), "a state tag"));
    }
    Map<String, StateCellFormat> formats = new HashMap<>();
    for (int k = in.readInt(); k > 0; k--) {
      KeyBytes key = KeyBytes.decode(keyCoder, readBytes(in));
      StateInternals keyState = state.forKey(key);
      for (int c = in.readInt(); c > 0; c--) {
        StateNamespace namespace = namespace(in.readUTF());
        StateTag<?> tag = tags.get(in.readInt());
        State cell = keyState.state(namespace, tag);
        formats.computeIfAbsent(tag.getId(), id -> StateCellFormat.of(tag)).read(in, cell);
      }
      TimerInternals keyTimers = timers.forKey(key);
      for (int t = in.readInt(); t > 0; t--) {
        keyTimers.setTimer(readTimer(in));
      }
    }
    if (in.available() > 0) {
      throw new IOException("Keyed state snapshot has " + in.available() + " bytes past its end");
    }
  }

  // Written here rather than with runners-core's timer coder, which cannot read back a timer in
  // the global namespace.
  private static void writeTimer(TimerData timer, DataOutputStream out) throws IOException {
    out.writeUTF(timer.getTimerId());
    out.writeUTF(timer.getTimerFamilyId());
    out.writeUTF(timer.getNamespace().stringKey());
    out.writeLong(timer.getTimestamp().getMillis());
    out.writeLong(timer.getOutputTimestamp().getMillis());
    out.writeUTF(timer.getDomain().name());
  }

  private TimerData readTimer(DataInputStream in) throws IOException {
    String id = in.readUTF();
    String family = in.readUTF();
    StateNamespace namespace = namespace(in.readUTF());
    Instant timestamp = new Instant(in.readLong());
    Instant output = new Instant(in.readLong());
    return TimerData.of(id, family, namespace, timestamp, output, TimeDomain.valueOf(in.readUTF()));
  }

  /** runners-core parses every namespace string but the global one's. */
  private StateNamespace namespace(String stringKey) {
    return stringKey.equals(GLOBAL) ? StateNamespaces.global() : StateNamespaces.fromString(stringKey, windowCoder);
  }

  private static void writeBytes(DataOutputStream out, byte[] bytes) throws IOException {
    out.writeInt(bytes.length);
    out.write(bytes);
  }

  private static byte[] readBytes(DataInputStream in) throws IOException {
    byte[] bytes = new byte[in.readInt()];
    in.readFully(bytes);
    return bytes;
  }
}
