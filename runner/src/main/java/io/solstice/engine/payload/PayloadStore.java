package io.solstice.engine.payload;

/**
 * Holds split bytes between the worker that wrote them and the workers that read them. Each payload
 * is put with the number of readers it has and is freed once every reader has taken it.
 */
public interface PayloadStore {

  PayloadRef put(byte[] data, int readers);

  /** One reader's copy of the payload; the last reader's take frees it. */
  byte[] take(PayloadRef ref);
}
