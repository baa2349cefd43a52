package io.solstice.engine.worker;

import io.solstice.engine.checkpoint.CheckpointCorruptException;
import io.solstice.engine.operator.OperatorSnapshot;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * One worker's state file in a checkpoint: where it had read the driver's seeds up to, its
 * operator's state per key group, and its operator's own state. Versioned; the manifest holds the
 * file's size and checksum.
 *
 * <pre>
 * magic "SLWS", version, checkpoint id, worker id
 * seed positions: count, then (input, partition, next offset)
 * key groups:     count, then (key group, length, bytes)
 * local:          length, bytes
 * </pre>
 */
final class WorkerStateFile {
  private static final int MAGIC = 0x534c5753; // "SLWS"
  private static final int VERSION = 1;

  /** What a state file holds. */
  record Contents(Map<Integer, Map<Integer, Long>> seedPositions, OperatorSnapshot operator) {}

  private WorkerStateFile() {}

  /** @param seedPositions per seeded input, per partition, the offset after the last record read */
  static byte[] encode(long checkpointId, String worker, Map<Integer, Map<Integer, Long>> seedPositions, OperatorSnapshot operator) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(MAGIC);
      out.writeInt(VERSION);
      out.writeLong(checkpointId);
      out.writeUTF(worker);
      int count = 0;
      for (Map<Integer, Long> partitions : seedPositions.values()) {
        count += partitions.size();
      }
      out.writeInt(count);
      for (Map.Entry<Integer, Map<Integer, Long>> input : new TreeMap<>(seedPositions).entrySet()) {
        for (Map.Entry<Integer, Long> partition : new TreeMap<>(input.getValue()).entrySet()) {
          out.writeInt(input.getKey());
          out.writeInt(partition.getKey());
          out.writeLong(partition.getValue());
        }
      }
      out.writeInt(operator.keyGroups().size());
      for (Map.Entry<Integer, byte[]> group : operator.keyGroups().entrySet()) {
        out.writeInt(group.getKey());
        out.writeInt(group.getValue().length);
        out.write(group.getValue());
      }
      out.writeInt(operator.local().length);
      out.write(operator.local());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** Reads a state file; {@code source} names it in errors. */
  static Contents decode(byte[] bytes, String source) throws CheckpointCorruptException {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      if (in.readInt() != MAGIC) {
        throw new CheckpointCorruptException(source + " is not a Solstice worker state file");
      }
      int version = in.readInt();
      if (version != VERSION) {
        throw new CheckpointCorruptException(
            "State file " + source + " has format version " + version + "; this Solstice reads version " + VERSION);
      }
      in.readLong();
      in.readUTF();
      Map<Integer, Map<Integer, Long>> positions = new HashMap<>();
      for (int n = in.readInt(); n > 0; n--) {
        int input = in.readInt();
        int partition = in.readInt();
        positions.computeIfAbsent(input, i -> new HashMap<>()).put(partition, in.readLong());
      }
      Map<Integer, byte[]> groups = new TreeMap<>();
      for (int n = in.readInt(); n > 0; n--) {
        int group = in.readInt();
        groups.put(group, readBytes(in));
      }
      byte[] local = readBytes(in);
      if (in.available() > 0) {
        throw new CheckpointCorruptException("State file " + source + " has " + in.available() + " bytes past its end");
      }
      return new Contents(positions, new OperatorSnapshot(groups, local));
    } catch (CheckpointCorruptException e) {
      throw e;
    } catch (EOFException e) {
      throw new CheckpointCorruptException("State file " + source + " is truncated", e);
    } catch (IOException e) {
      throw new CheckpointCorruptException("State file " + source + " is corrupt: " + e.getMessage(), e);
    }
  }

  private static byte[] readBytes(DataInputStream in) throws IOException {
    int length = in.readInt();
    if (length < 0 || length > in.available()) {
      throw new EOFException("a length of " + length + " with " + in.available() + " bytes left");
    }
    byte[] bytes = new byte[length];
    in.readFully(bytes);
    return bytes;
  }
}
