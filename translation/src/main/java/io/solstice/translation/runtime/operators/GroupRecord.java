package io.solstice.translation.runtime.operators;

import java.util.Arrays;

/**
 * One gathered record of a batch group-by, encoded: the key (nested encoding), the window, the
 * output timestamp so far and a payload (one value, or one accumulator). Records sort by key bytes,
 * then window bytes, both unsigned, so that a key and window's records lie side by side. (Not a
 * Java record: its arrays would make a record's equals compare identities.)
 */
final class GroupRecord {
  private final byte[] key;
  private final byte[] window;
  private final long timestamp;
  private final byte[] payload;

  GroupRecord(byte[] key, byte[] window, long timestamp, byte[] payload) {
    this.key = key;
    this.window = window;
    this.timestamp = timestamp;
    this.payload = payload;
  }

  byte[] key() {
    return key;
  }

  byte[] window() {
    return window;
  }

  long timestamp() {
    return timestamp;
  }

  byte[] payload() {
    return payload;
  }

  /** The order of records: unsigned bytes of the key, then of the window. */
  static int compare(byte[] key, byte[] window, byte[] otherKey, byte[] otherWindow) {
    int byKey = Arrays.compareUnsigned(key, otherKey);
    return byKey != 0 ? byKey : Arrays.compareUnsigned(window, otherWindow);
  }

  boolean sameGroupAs(GroupRecord other) {
    return Arrays.equals(key, other.key) && Arrays.equals(window, other.window);
  }
}
