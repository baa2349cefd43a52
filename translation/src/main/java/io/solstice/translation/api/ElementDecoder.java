package io.solstice.translation.api;

import java.io.Serializable;

/**
 * How the stage reading an {@link ExternalSplitSource} turns each byte array the outside system
 * wrote (a batch of records, say) into the transform's output elements, in the stage itself: no
 * DoFn in between. Each worker has its own copy, used from one thread.
 */
public interface ElementDecoder<T> extends Serializable {

  /** Receives decoded elements. */
  interface Output<T> {
    void accept(T element) throws Exception;
  }

  default void open() throws Exception {}

  void decode(byte[] element, Output<T> out) throws Exception;

  default void close() throws Exception {}
}
