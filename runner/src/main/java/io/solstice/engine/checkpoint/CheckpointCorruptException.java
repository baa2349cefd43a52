package io.solstice.engine.checkpoint;

import java.io.IOException;

/** A checkpoint file is missing, truncated or altered; the message names the file. */
public final class CheckpointCorruptException extends IOException {
  private static final long serialVersionUID = 1L;

  public CheckpointCorruptException(String message) {
    super(message);
  }

  public CheckpointCorruptException(String message, Throwable cause) {
    super(message, cause);
  }
}
