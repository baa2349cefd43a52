package io.solstice.engine.payload;

/**
 * Holds split bytes between the worker that wrote them and the workers that read them. Each payload
 * is put with the number of readers it has and is freed once every reader has released it.
 */
public interface PayloadStore {

  PayloadRef put(byte[] data, int readers);

  byte[] get(PayloadRef ref);

  /** One reader is done with the payload; the last release frees it. */
  void release(PayloadRef ref);

  /** Payloads put and not yet freed. */
  long liveCount();

  /** Bytes of the payloads put and not yet freed. */
  long liveBytes();

  /** Frees every payload still held; used when a job ends early. */
  void releaseAll();
}
