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
import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * One worker's state file in a checkpoint: which of the driver's seeds it had read, its operator's
 * state per key group, and its operator's own state. Versioned; the manifest holds the file's size
 * and checksum.
 *
 * <pre>
 * magic "SLWS", version, checkpoint id, worker id
 * seeds read:     count, then (input, word count, words of the bit set of seed indices)
 * key groups:     count, then (key group, length, bytes)
 * local:          length, bytes
 * </pre>
 */
final class WorkerStateFile {
  private static final int MAGIC = 0x534c5753; // "SLWS"
  private static final int VERSION = 2;

  /** What a state file holds. */
  record Contents(Map<Integer, BitSet> seedsRead, OperatorSnapshot operator) {}

  private WorkerStateFile() {}

  /** @param seedsRead per seeded input, the indices of the seeds read */
  static byte[] encode(long checkpointId, String worker, Map<Integer, BitSet> seedsRead, OperatorSnapshot operator) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(MAGIC);
      out.writeInt(VERSION);
      out.writeLong(checkpointId);
      out.writeUTF(worker);
      out.writeInt(seedsRead.size());
      for (Map.Entry<Integer, BitSet> input : new TreeMap<>(seedsRead).entrySet()) {
        long[] words = input.getValue().toLongArray();
        out.writeInt(input.getKey());
        out.writeInt(words.length);
        for (long word : words) {
          out.writeLong(word);
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
      Map<Integer, BitSet> seedsRead = new HashMap<>();
      for (int n = in.readInt(); n > 0; n--) {
        int input = in.readInt();
        int count = in.readInt();
        if (count < 0 || count > in.available() / Long.BYTES) {
          throw new EOFException("a bit set of " + count + " words with " + in.available() + " bytes left");
        }
        long[] words = new long[count];
        for (int w = 0; w < count; w++) {
          words[w] = in.readLong();
        }
        seedsRead.put(input, BitSet.valueOf(words));
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
      return new Contents(seedsRead, new OperatorSnapshot(groups, local));
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
