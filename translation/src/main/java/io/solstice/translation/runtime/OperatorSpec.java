package io.solstice.translation.runtime;

import java.io.Serializable;

/** Creates the operator of one transform on each worker. */
public interface OperatorSpec extends Serializable {
  Operator create() throws Exception;
}
