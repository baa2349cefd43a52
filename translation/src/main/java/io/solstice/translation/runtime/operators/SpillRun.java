package io.solstice.translation.runtime.operators;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * One spill file of a batch group-by: groups in ascending order of their encoded key, then window,
 * each (key, window) once.
 *
 * <pre>
 * count, then per group: key (length, nested encoding), window (length, encoding), body (as
 * {@link GatheredGroups#writeBody})
 * </pre>
 */
final class SpillRun {
  private static final int BUFFER_BYTES = 1 << 18;

  private SpillRun() {}

  /** A group with its key and window encoded, to sort by. */
  record Sorted<K, InputT, AccumT, OutputT>(byte[] key, byte[] window, KeyWindowGroup<K, InputT, AccumT, OutputT> group)
      implements Comparable<Sorted<K, InputT, AccumT, OutputT>> {
    @Override
    public int compareTo(Sorted<K, InputT, AccumT, OutputT> other) {
      return compare(key, window, other.key, other.window);
    }
  }

  /** The order of runs: unsigned bytes of the key, then of the window. */
  static int compare(byte[] key, byte[] window, byte[] otherKey, byte[] otherWindow) {
    int byKey = Arrays.compareUnsigned(key, otherKey);
    return byKey != 0 ? byKey : Arrays.compareUnsigned(window, otherWindow);
  }

  /** Writes {@code sorted} (already in order) to {@code file}; returns the file's size. */
  static <K, InputT, AccumT, OutputT> long write(
      Path file, List<Sorted<K, InputT, AccumT, OutputT>> sorted, GatheredGroups<K, InputT, AccumT, OutputT> format)
      throws IOException {
    try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file), BUFFER_BYTES))) {
      out.writeInt(sorted.size());
      for (Sorted<K, InputT, AccumT, OutputT> entry : sorted) {
        out.writeInt(entry.key().length);
        out.write(entry.key());
        out.writeInt(entry.window().length);
        out.write(entry.window());
        format.writeBody(entry.group(), out);
      }
    }
    return Files.size(file);
  }

  /** Reads a run in order: {@link #advance}, then the head's key and window, then its body once. */
  static final class Reader implements AutoCloseable {
    private final DataInputStream in;
    private int remaining;
    private byte[] key;
    private byte[] window;

    Reader(Path file) throws IOException {
      this.in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), BUFFER_BYTES));
      this.remaining = in.readInt();
    }

    /** Moves to the next group (after its body was read); false at the end of the run. */
    boolean advance() throws IOException {
      if (remaining == 0) {
        return false;
      }
      remaining--;
      key = readBytes();
      window = readBytes();
      return true;
    }

    private byte[] readBytes() throws IOException {
      byte[] bytes = new byte[in.readInt()];
      in.readFully(bytes);
      return bytes;
    }

    byte[] key() {
      return key;
    }

    byte[] window() {
      return window;
    }

    /** The head's body; read it before the next {@link #advance}. */
    <K, InputT, AccumT, OutputT> KeyWindowGroup<K, InputT, AccumT, OutputT> body(
        K decodedKey, GatheredGroups<K, InputT, AccumT, OutputT> format) throws IOException {
      return format.readBody(decodedKey, in);
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }
}
