package io.solstice.translation.runtime.operators;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/** Writes and reads an operator's worker-local state (its part of a checkpoint that is not keyed). */
final class LocalStateBytes {
  private static final int VERSION = 1;

  interface Writer {
    void write(DataOutputStream out) throws IOException;
  }

  interface Reader {
    void read(DataInputStream in) throws IOException;
  }

  private LocalStateBytes() {}

  static byte[] write(Writer writer) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeInt(VERSION);
    writer.write(out);
    out.flush();
    return bytes.toByteArray();
  }

  /** Reads {@code bytes} if there are any (an operator that had nothing wrote none). */
  static void read(byte[] bytes, String operator, Reader reader) throws IOException {
    if (bytes.length == 0) {
      return;
    }
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
    int version = in.readInt();
    if (version != VERSION) {
      throw new IOException(operator + ": local state version " + version + " is not one this runner reads");
    }
    reader.read(in);
    if (in.available() > 0) {
      throw new IOException(operator + ": local state has " + in.available() + " bytes past its end");
    }
  }
}
