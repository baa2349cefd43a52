package io.solstice.translation.runtime.operators;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.Test;

/**
 * The record buffer under a budget: records of every size (empty keys, keys with zero bytes that
 * tie on the sort prefix, records larger than a page) come back sorted by key then window, none
 * lost or changed, run after run on reused pages, and its heap stays within the budget.
 */
public class RecordBufferTest {
  private static final long BUDGET = 256 << 10;

  @Test
  public void recordsComeBackSortedAndWholeRunAfterRun() throws IOException {
    Random random = new Random(7);
    RecordBuffer buffer = new RecordBuffer(BUDGET);
    List<GroupRecord> batch = new ArrayList<>();
    int runs = 0;
    for (int i = 0; i < 20_000; i++) {
      GroupRecord record = randomRecord(random);
      byte[] encoded = encode(record);
      if (!buffer.fits(encoded.length)) {
        assertRun(buffer, batch);
        runs++;
        buffer.clear();
        batch.clear();
      }
      buffer.append(encoded, encoded.length);
      batch.add(record);
      assertTrue("heap " + buffer.heapBytes() + " within the budget", buffer.heapBytes() <= BUDGET);
    }
    assertRun(buffer, batch);
    assertTrue("several runs: " + runs, runs > 5);
  }

  @Test
  public void aRecordLargerThanTheBudgetStillFitsAnEmptyBuffer() throws IOException {
    RecordBuffer buffer = new RecordBuffer(BUDGET);
    GroupRecord huge = new GroupRecord(new byte[] {1}, new byte[0], 5, new byte[(int) BUDGET * 2]);
    byte[] encoded = encode(huge);
    assertTrue(buffer.fits(encoded.length));
    buffer.append(encoded, encoded.length);
    assertTrue("nothing more beside it", !buffer.fits(10));
    assertRun(buffer, List.of(huge));
  }

  private static void assertRun(RecordBuffer buffer, List<GroupRecord> appended) throws IOException {
    RecordCursor sorted = buffer.sortedCursor();
    List<GroupRecord> out = new ArrayList<>();
    for (GroupRecord record = sorted.next(); record != null; record = sorted.next()) {
      if (!out.isEmpty()) {
        GroupRecord last = out.get(out.size() - 1);
        assertTrue("in order", GroupRecord.compare(last.key(), last.window(), record.key(), record.window()) <= 0);
      }
      out.add(record);
    }
    assertEquals("the same records", counts(appended), counts(out));
  }

  private static Map<String, Integer> counts(List<GroupRecord> records) {
    Map<String, Integer> counts = new HashMap<>();
    for (GroupRecord r : records) {
      counts.merge(Arrays.toString(r.key()) + Arrays.toString(r.window()) + r.timestamp() + Arrays.hashCode(r.payload()) + "/" + r.payload().length, 1, Integer::sum);
    }
    return counts;
  }

  /** Keys of 0-12 bytes from a small alphabet with zeros (ties on the prefix), payloads up to 3 KB, a few of 40 KB. */
  private static GroupRecord randomRecord(Random random) {
    byte[] key = new byte[random.nextInt(13)];
    for (int i = 0; i < key.length; i++) {
      key[i] = (byte) (random.nextInt(3) * 127);
    }
    byte[] window = new byte[random.nextInt(3)];
    random.nextBytes(window);
    byte[] payload = new byte[random.nextInt(100) == 0 ? 40_000 : random.nextInt(3000)];
    random.nextBytes(payload);
    return new GroupRecord(key, window, random.nextLong(), payload);
  }

  /** The layout {@link RecordEncoder} writes. */
  private static byte[] encode(GroupRecord record) {
    java.nio.ByteBuffer bytes = java.nio.ByteBuffer.allocate(20 + record.key().length + record.window().length + record.payload().length);
    bytes.putInt(record.key().length).put(record.key());
    bytes.putInt(record.window().length).put(record.window());
    bytes.putLong(record.timestamp());
    bytes.putInt(record.payload().length).put(record.payload());
    return bytes.array();
  }
}
