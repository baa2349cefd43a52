package io.solstice.engine.checkpoint;

import java.io.Serializable;
import java.util.zip.CRC32;

/**
 * One piece of a checkpoint's state, as its manifest lists it: the file's name within the
 * checkpoint, its size and CRC-32, so that a truncated or altered file is caught on restore.
 */
public record StateHandle(String name, long size, long crc32) implements Serializable {
  /** The handle of {@code data} stored as {@code name}. */
  public static StateHandle of(String name, byte[] data) {
    return new StateHandle(name, data.length, crc(data));
  }

  /**
   * Refuses {@code data} read back from {@code file} of checkpoint {@code checkpointId} unless it
   * has this handle's size and checksum.
   */
  public void check(byte[] data, String file, long checkpointId) throws CheckpointCorruptException {
    if (data.length != size || crc(data) != crc32) {
      throw new CheckpointCorruptException(
          "State file " + file + " of checkpoint " + checkpointId + " is corrupt: " + data.length
              + " bytes where the manifest lists " + size + (data.length == size ? ", with another checksum" : ""));
    }
  }

  private static long crc(byte[] data) {
    CRC32 crc = new CRC32();
    crc.update(data);
    return crc.getValue();
  }

  public StateHandle {
    if (name.isEmpty() || name.contains("/") || name.contains("\\") || name.startsWith(".")
        || name.startsWith("_")) {
      throw new IllegalArgumentException(
          "A checkpoint state name is one plain file name, not '" + name + "'");
    }
  }
}
