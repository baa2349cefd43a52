package io.solstice.runner;

import io.solstice.engine.operator.KeyGroups;
import java.io.IOException;
import java.io.Serializable;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.WindowedValue;

/**
 * Gives the elements of a keyed edge whose keys are random and unique (a splittable DoFn's
 * restrictions, keyed by Beam with 128 random bytes each) new random keys, each chosen so that its
 * key group falls on the next partition in turn. The elements are then dealt evenly over the
 * consumer's workers, where a hash of Beam's keys leaves it to chance: two Kafka partitions read by
 * two workers shared one worker half the time, which halved the job's throughput.
 */
final class RandomKeyDealer implements Serializable {
  private static final long serialVersionUID = 1L;
  /** Beam's RandomUniqueKeyFn draws this many bytes; so do we. */
  private static final int KEY_BYTES = 128;
  /** Tries per key: about {@code partitions} are needed on average. */
  private static final int TRIES_PER_PARTITION = 64;

  private final int maxKeyGroups;
  private final int partitions;
  private transient int next = -1;

  RandomKeyDealer(int maxKeyGroups, int partitions) {
    this.maxKeyGroups = maxKeyGroups;
    this.partitions = partitions;
  }

  /** The key group of an encoded key. */
  interface KeyGroupOf {
    int of(Object key) throws IOException;
  }

  /** The element with a new random key for the next partition; others (not byte[] keys) as they are. */
  WindowedValue<?> deal(WindowedValue<?> value, KeyGroupOf keyGroupOf) throws IOException {
    KV<?, ?> element = (KV<?, ?>) value.getValue();
    if (!(element.getKey() instanceof byte[])) {
      return value;
    }
    ThreadLocalRandom random = ThreadLocalRandom.current();
    if (next < 0) {
      // Each producer worker starts somewhere else, so that several together still deal evenly.
      next = random.nextInt(partitions);
    }
    int partition = next;
    next = (next + 1) % partitions;
    byte[] key = new byte[KEY_BYTES];
    for (int tries = 0; tries < TRIES_PER_PARTITION * partitions; tries++) {
      random.nextBytes(key);
      if (KeyGroups.partitionOf(keyGroupOf.of(key), maxKeyGroups, partitions) == partition) {
        break;
      }
    }
    // Whatever partition the last try gave, the key is random and unique, so any is correct.
    return value.withValue(KV.of(key, element.getValue()));
  }
}
