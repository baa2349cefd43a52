package io.solstice.translation.runtime.operators;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A spill file of a batch group-by: records in {@link GroupRecord} order, each {@code key length,
 * key, window length, window, timestamp, payload length, payload}, then -1.
 */
final class RecordRun {
  private static final int WRITE_BUFFER_BYTES = 1 << 18;
  /** Small: a merge reads up to {@link SpillFiles#FAN_IN} runs at once. */
  private static final int READ_BUFFER_BYTES = 1 << 16;
  private static final int END = -1;

  private RecordRun() {}

  /** Writes what {@code sorted} yields to {@code file}; returns the records written. */
  static long write(Path file, RecordCursor sorted) throws IOException {
    long records = 0;
    try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file), WRITE_BUFFER_BYTES))) {
      for (GroupRecord record = sorted.next(); record != null; record = sorted.next()) {
        writeBytes(out, record.key());
        writeBytes(out, record.window());
        out.writeLong(record.timestamp());
        writeBytes(out, record.payload());
        records++;
      }
      out.writeInt(END);
    }
    return records;
  }

  private static void writeBytes(DataOutputStream out, byte[] bytes) throws IOException {
    out.writeInt(bytes.length);
    out.write(bytes);
  }

  /** Reads a run back in order. */
  static final class Reader implements RecordCursor {
    private final Path file;
    private final DataInputStream in;

    Reader(Path file) throws IOException {
      this.file = file;
      this.in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), READ_BUFFER_BYTES));
    }

    @Override
    public GroupRecord next() throws IOException {
      int keyLength = in.readInt();
      if (keyLength == END) {
        return null;
      }
      if (keyLength < 0) {
        throw new IOException("Spill file " + file + " is corrupt: a key of " + keyLength + " bytes");
      }
      byte[] key = new byte[keyLength];
      in.readFully(key);
      byte[] window = readBytes();
      long timestamp = in.readLong();
      return new GroupRecord(key, window, timestamp, readBytes());
    }

    private byte[] readBytes() throws IOException {
      byte[] bytes = new byte[in.readInt()];
      in.readFully(bytes);
      return bytes;
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }
}
