package io.solstice.runner;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertSame;

import io.solstice.engine.operator.KeyGroups;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;
import org.apache.beam.sdk.coders.ByteArrayCoder;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.WindowedValue;
import org.apache.beam.sdk.values.WindowedValues;
import org.junit.Test;

/**
 * A splittable DoFn's restrictions, keyed by Beam at random, are dealt evenly over the consumer's
 * partitions by new random keys, which stay unique and route (by key group) as any key does.
 */
public class RandomKeyDealerTest {
  private static final int KEY_GROUPS = 128;

  @Test
  public void restrictionsAreDealtInTurnOverThePartitions() throws IOException {
    int partitions = 3;
    RandomKeyDealer dealer = new RandomKeyDealer(KEY_GROUPS, partitions);
    int[] perPartition = new int[partitions];
    Set<String> keys = new HashSet<>();
    int previous = -1;
    for (int i = 0; i < 30; i++) {
      WindowedValue<?> dealt = dealer.deal(restriction("r" + i), RandomKeyDealerTest::keyGroupOf);
      KV<?, ?> element = (KV<?, ?>) dealt.getValue();
      assertEquals("the restriction stays", "r" + i, element.getValue());
      byte[] key = (byte[]) element.getKey();
      keys.add(HexFormat.of().formatHex(key));
      int partition = KeyGroups.partitionOf(keyGroupOf(key), KEY_GROUPS, partitions);
      if (previous >= 0) {
        assertEquals("the next partition in turn", (previous + 1) % partitions, partition);
      }
      previous = partition;
      perPartition[partition]++;
    }
    assertEquals(30, keys.size());
    for (int count : perPartition) {
      assertEquals(10, count);
    }
  }

  @Test
  public void aKeyThatIsNotRandomBytesIsKept() throws IOException {
    RandomKeyDealer dealer = new RandomKeyDealer(KEY_GROUPS, 2);
    WindowedValue<KV<String, String>> element = WindowedValues.valueInGlobalWindow(KV.of("user-key", "v"));
    assertSame(element, dealer.deal(element, RandomKeyDealerTest::keyGroupOf));
  }

  @Test
  public void theNewKeyIsNotBeamsKey() throws IOException {
    RandomKeyDealer dealer = new RandomKeyDealer(KEY_GROUPS, 2);
    byte[] beams = new byte[128];
    WindowedValue<?> dealt =
        dealer.deal(WindowedValues.valueInGlobalWindow(KV.of(beams, "r")), RandomKeyDealerTest::keyGroupOf);
    assertNotEquals(
        HexFormat.of().formatHex(beams),
        HexFormat.of().formatHex((byte[]) ((KV<?, ?>) dealt.getValue()).getKey()));
  }

  private static WindowedValue<KV<byte[], String>> restriction(String restriction) {
    return WindowedValues.valueInGlobalWindow(KV.of(new byte[128], restriction));
  }

  /** As the edge computes it: from the key's nested encoding. */
  private static int keyGroupOf(Object key) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ByteArrayCoder.of().encode((byte[]) key, bytes);
    return KeyGroups.keyGroupOf(bytes.toByteArray(), KEY_GROUPS);
  }
}
