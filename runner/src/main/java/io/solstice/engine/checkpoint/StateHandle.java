package io.solstice.engine.checkpoint;

import java.io.Serializable;

/**
 * One piece of a checkpoint's state, as its manifest lists it: the file's name within the
 * checkpoint, its size and CRC-32, so that a truncated or altered file is caught on restore.
 */
public record StateHandle(String name, long size, long crc32) implements Serializable {
  public StateHandle {
    if (name.isEmpty() || name.contains("/") || name.contains("\\") || name.startsWith(".")
        || name.startsWith("_")) {
      throw new IllegalArgumentException(
          "A checkpoint state name is one plain file name, not '" + name + "'");
    }
  }
}
