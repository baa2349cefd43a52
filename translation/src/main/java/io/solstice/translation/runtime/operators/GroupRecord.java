package io.solstice.translation.runtime.operators;

import java.util.Arrays;

/**
 * One gathered record of a batch group-by, encoded: the key (nested encoding), the window, the
 * output timestamp so far and a payload (one value, or one accumulator). Records sort by key bytes,
 * then window bytes, both unsigned, so that a key and window's records lie side by side.
 */
record GroupRecord(byte[] key, byte[] window, long timestamp, byte[] payload) {
  /** The order of records: unsigned bytes of the key, then of the window. */
  static int compare(byte[] key, byte[] window, byte[] otherKey, byte[] otherWindow) {
    int byKey = Arrays.compareUnsigned(key, otherKey);
    return byKey != 0 ? byKey : Arrays.compareUnsigned(window, otherWindow);
  }

  boolean sameGroupAs(GroupRecord other) {
    return Arrays.equals(key, other.key) && Arrays.equals(window, other.window);
  }
}
