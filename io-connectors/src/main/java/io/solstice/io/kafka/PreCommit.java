package io.solstice.io.kafka;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * What a pre-commit of the exactly-once Kafka sink puts into a checkpoint: the checkpoint's id, the
 * token its transaction's commit marker will carry, and every record of that transaction,
 * serialized, so that a restart can write them again if the transaction never committed. The token
 * is unique to this pre-commit: checkpoint ids start again with every job, and a sink group can
 * outlive a job.
 */
record PreCommit(long checkpointId, String token, List<byte[][]> records) {
  private static final int VERSION = 1;

  byte[] toBytes() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(VERSION);
      out.writeLong(checkpointId);
      out.writeUTF(token);
      out.writeInt(records.size());
      for (byte[][] record : records) {
        writeNullable(out, record[0]);
        writeNullable(out, record[1]);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  static PreCommit fromBytes(byte[] bytes) throws IOException {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      int version = in.readInt();
      if (version != VERSION) {
        throw new IOException("Kafka sink pre-commit version " + version + " is not one this sink reads");
      }
      long id = in.readLong();
      String token = in.readUTF();
      int count = in.readInt();
      List<byte[][]> records = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        records.add(new byte[][] {readNullable(in), readNullable(in)});
      }
      return new PreCommit(id, token, records);
    }
  }

  private static void writeNullable(DataOutputStream out, byte[] value) throws IOException {
    out.writeInt(value == null ? -1 : value.length);
    if (value != null) {
      out.write(value);
    }
  }

  private static byte[] readNullable(DataInputStream in) throws IOException {
    int length = in.readInt();
    if (length < 0) {
      return null;
    }
    byte[] value = new byte[length];
    in.readFully(value);
    return value;
  }
}
