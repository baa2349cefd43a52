package io.solstice.engine.operator;

/**
 * Key groups: a fixed number of hash buckets per keyed edge. Keyed state is kept per key group and
 * key groups map to partitions by contiguous ranges, so a stage can change its parallelism without
 * rehashing keys.
 */
public final class KeyGroups {
  private KeyGroups() {}

  /** The key group of a key, given the bytes of its deterministic encoding. */
  public static int keyGroupOf(byte[] encodedKey, int maxKeyGroups) {
    return keyGroupOf(encodedKey, encodedKey.length, maxKeyGroups);
  }

  /** The key group of a key whose encoding is the first {@code length} bytes of {@code buffer}. */
  public static int keyGroupOf(byte[] buffer, int length, int maxKeyGroups) {
    int hash = 1;
    for (int i = 0; i < length; i++) {
      hash = 31 * hash + buffer[i];
    }
    return Math.floorMod(mix(hash), maxKeyGroups);
  }

  /** The partition that owns a key group when {@code maxKeyGroups} are spread over partitions. */
  public static int partitionOf(int keyGroup, int maxKeyGroups, int partitions) {
    return (int) ((long) keyGroup * partitions / maxKeyGroups);
  }

  /** Murmur3's 32-bit finalizer: spreads the weak low bits of a polynomial hash. */
  private static int mix(int h) {
    h ^= h >>> 16;
    h *= 0x85ebca6b;
    h ^= h >>> 13;
    h *= 0xc2b2ae35;
    h ^= h >>> 16;
    return h;
  }
}
