package io.solstice.engine.checkpoint;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;

/**
 * What makes a checkpoint complete: the list of its state files, written after all of them and
 * last of all. It also names the workers that had ended by then (they have no state file: a
 * restored job starts them as ended), and the job's shape (stages, parallelism, key groups), which
 * a job restoring from it must match. A versioned binary form that ends in a CRC-32 of what precedes it, so that a torn or
 * altered manifest is refused rather than half-read.
 */
public record CheckpointManifest(
    String job, long checkpointId, long completedAtMillis, String shape, List<StateHandle> states, List<String> finished) {
  /** The manifest's file name in its checkpoint's directory. */
  public static final String FILE_NAME = "_manifest";

  private static final int MAGIC = 0x534c434b; // "SLCK"
  private static final int VERSION = 1;

  public CheckpointManifest {
    if (checkpointId <= 0) {
      throw new IllegalArgumentException("Checkpoint ids start at 1, not " + checkpointId);
    }
    states = List.copyOf(states);
    finished = List.copyOf(finished);
  }

  /** The state file named {@code name}, or null. */
  public StateHandle state(String name) {
    for (StateHandle state : states) {
      if (state.name().equals(name)) {
        return state;
      }
    }
    return null;
  }

  public long totalBytes() {
    long total = 0;
    for (StateHandle state : states) {
      total += state.size();
    }
    return total;
  }

  public byte[] toBytes() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(MAGIC);
      out.writeInt(VERSION);
      out.writeUTF(job);
      out.writeLong(checkpointId);
      out.writeLong(completedAtMillis);
      out.writeUTF(shape);
      out.writeInt(states.size());
      for (StateHandle state : states) {
        out.writeUTF(state.name());
        out.writeLong(state.size());
        out.writeLong(state.crc32());
      }
      out.writeInt(finished.size());
      for (String worker : finished) {
        out.writeUTF(worker);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    byte[] body = bytes.toByteArray();
    CRC32 crc = new CRC32();
    crc.update(body);
    ByteArrayOutputStream withCrc = new ByteArrayOutputStream(body.length + 8);
    withCrc.writeBytes(body);
    try (DataOutputStream out = new DataOutputStream(withCrc)) {
      out.writeLong(crc.getValue());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return withCrc.toByteArray();
  }

  /** Reads a manifest, naming {@code source} (its file) if it is not a whole, intact one. */
  public static CheckpointManifest fromBytes(byte[] bytes, String source) throws CheckpointCorruptException {
    if (bytes.length < 8) {
      throw new CheckpointCorruptException("Checkpoint manifest " + source + " is truncated (" + bytes.length + " bytes)");
    }
    CRC32 crc = new CRC32();
    crc.update(bytes, 0, bytes.length - 8);
    long stored = readLong(bytes, bytes.length - 8);
    if (stored != crc.getValue()) {
      throw new CheckpointCorruptException(
          "Checkpoint manifest " + source + " is corrupt or truncated: its checksum does not match");
    }
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes, 0, bytes.length - 8))) {
      if (in.readInt() != MAGIC) {
        throw new CheckpointCorruptException(source + " is not a Solstice checkpoint manifest");
      }
      int version = in.readInt();
      if (version != VERSION) {
        throw new CheckpointCorruptException(
            "Checkpoint manifest " + source + " has format version " + version
                + "; this Solstice reads version " + VERSION);
      }
      String job = in.readUTF();
      long id = in.readLong();
      long completedAt = in.readLong();
      String shape = in.readUTF();
      int count = in.readInt();
      List<StateHandle> states = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        states.add(new StateHandle(in.readUTF(), in.readLong(), in.readLong()));
      }
      int finishedCount = in.readInt();
      List<String> finished = new ArrayList<>(finishedCount);
      for (int i = 0; i < finishedCount; i++) {
        finished.add(in.readUTF());
      }
      return new CheckpointManifest(job, id, completedAt, shape, states, finished);
    } catch (EOFException e) {
      throw new CheckpointCorruptException("Checkpoint manifest " + source + " is truncated", e);
    } catch (IOException | IllegalArgumentException e) {
      throw new CheckpointCorruptException("Checkpoint manifest " + source + " is corrupt: " + e.getMessage(), e);
    }
  }

  private static long readLong(byte[] bytes, int offset) {
    long value = 0;
    for (int i = 0; i < 8; i++) {
      value = (value << 8) | (bytes[offset + i] & 0xff);
    }
    return value;
  }
}
