package io.solstice.engine.operator;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.Test;

public class KeyGroupsTest {
  private static final int KEY_GROUPS = 128;

  @Test
  public void keyGroupDependsOnlyOnTheEncodedKey() {
    byte[] key = "user-42".getBytes(StandardCharsets.UTF_8);
    int group = KeyGroups.keyGroupOf(key, KEY_GROUPS);
    assertEquals(group, KeyGroups.keyGroupOf("user-42".getBytes(StandardCharsets.UTF_8), KEY_GROUPS));
    byte[] padded = new byte[key.length + 5];
    System.arraycopy(key, 0, padded, 0, key.length);
    assertEquals("a key at the start of a reused buffer", group, KeyGroups.keyGroupOf(padded, key.length, KEY_GROUPS));
  }

  @Test
  public void keysSpreadOverAllKeyGroups() {
    int[] counts = new int[KEY_GROUPS];
    int keys = 128_000;
    for (int i = 0; i < keys; i++) {
      int group = KeyGroups.keyGroupOf(("key" + i).getBytes(StandardCharsets.UTF_8), KEY_GROUPS);
      assertTrue(group >= 0 && group < KEY_GROUPS);
      counts[group]++;
    }
    int expected = keys / KEY_GROUPS;
    for (int group = 0; group < KEY_GROUPS; group++) {
      assertTrue(
          "key group " + group + " holds " + counts[group] + " keys, expected about " + expected,
          counts[group] > expected * 0.8 && counts[group] < expected * 1.2);
    }
  }

  @Test
  public void partitionsOwnContiguousRangesOfKeyGroups() {
    for (int partitions : new int[] {1, 2, 3, 7, 128}) {
      int previous = 0;
      int[] owned = new int[partitions];
      for (int group = 0; group < KEY_GROUPS; group++) {
        int partition = KeyGroups.partitionOf(group, KEY_GROUPS, partitions);
        assertTrue("ranges are in order", partition == previous || partition == previous + 1);
        previous = partition;
        owned[partition]++;
      }
      assertEquals("the last key group is in the last partition", partitions - 1, previous);
      for (int partition = 0; partition < partitions; partition++) {
        int share = KEY_GROUPS / partitions;
        assertTrue(
            partitions + " partitions: partition " + partition + " owns " + owned[partition],
            owned[partition] == share || owned[partition] == share + 1);
      }
    }
  }
}
