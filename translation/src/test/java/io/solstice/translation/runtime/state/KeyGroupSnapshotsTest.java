package io.solstice.translation.runtime.state;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.beam.runners.core.StateNamespace;
import org.apache.beam.runners.core.StateNamespaces;
import org.apache.beam.runners.core.StateTag;
import org.apache.beam.runners.core.StateTags;
import org.apache.beam.runners.core.TimerInternals.TimerData;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.state.BagState;
import org.apache.beam.sdk.state.CombiningState;
import org.apache.beam.sdk.state.MapState;
import org.apache.beam.sdk.state.MultimapState;
import org.apache.beam.sdk.state.OrderedListState;
import org.apache.beam.sdk.state.SetState;
import org.apache.beam.sdk.state.TimeDomain;
import org.apache.beam.sdk.state.ValueState;
import org.apache.beam.sdk.state.WatermarkHoldState;
import org.apache.beam.sdk.transforms.Sum;
import org.apache.beam.sdk.transforms.windowing.IntervalWindow;
import org.apache.beam.sdk.transforms.windowing.TimestampCombiner;
import org.apache.beam.sdk.values.TimestampedValue;
import org.joda.time.Instant;
import org.junit.Test;

/**
 * Keyed state and timers written per key group and read back into an empty backend come back the
 * same, for every kind of state cell, in the global and in window namespaces; a key group restores
 * alone, and a snapshot of another version is refused.
 */
public class KeyGroupSnapshotsTest {
  private static final int GROUPS = 4;
  private static final StateTag<ValueState<Long>> VALUE = StateTags.value("value", VarLongCoder.of());
  private static final StateTag<BagState<String>> BAG = StateTags.bag("bag", StringUtf8Coder.of());
  private static final StateTag<SetState<Integer>> SET = StateTags.set("set", VarIntCoder.of());
  private static final StateTag<MapState<String, Long>> MAP = StateTags.map("map", StringUtf8Coder.of(), VarLongCoder.of());
  private static final StateTag<MultimapState<String, Long>> MULTIMAP =
      StateTags.multimap("multimap", StringUtf8Coder.of(), VarLongCoder.of());
  private static final StateTag<OrderedListState<String>> ORDERED = StateTags.orderedList("ordered", StringUtf8Coder.of());
  private static final StateTag<CombiningState<Long, long[], Long>> SUM =
      StateTags.combiningValue("sum", Sum.ofLongs().getAccumulatorCoder(null, VarLongCoder.of()), Sum.ofLongs());
  private static final StateTag<WatermarkHoldState> HOLD = StateTags.watermarkStateInternal("hold", TimestampCombiner.EARLIEST);
  private static final IntervalWindow WINDOW = new IntervalWindow(new Instant(0), new Instant(1_000));
  private static final StateNamespace IN_WINDOW = StateNamespaces.window(IntervalWindow.getCoder(), WINDOW);

  private static int groupOf(byte[] key) {
    return Math.floorMod(key[key.length - 1], GROUPS);
  }

  private final KeyedStateBackend state = new KeyedStateBackend(KeyGroupSnapshotsTest::groupOf);
  private final KeyedTimers timers = new KeyedTimers(t -> true);
  private final KeyGroupSnapshots snapshots =
      new KeyGroupSnapshots(state, timers, StringUtf8Coder.of(), IntervalWindow.getCoder());

  private static KeyBytes key(String key) {
    return KeyBytes.of(StringUtf8Coder.of(), key);
  }

  private void fill(String name) {
    KeyBytes key = key(name);
    var cells = state.forKey(key);
    cells.state(StateNamespaces.global(), VALUE).write(7L + name.length());
    cells.state(StateNamespaces.global(), BAG).add("a-" + name);
    cells.state(StateNamespaces.global(), BAG).add("b-" + name);
    cells.state(IN_WINDOW, SET).add(name.length());
    cells.state(IN_WINDOW, MAP).put("m", 3L);
    cells.state(IN_WINDOW, MULTIMAP).put("k", 1L);
    cells.state(IN_WINDOW, MULTIMAP).put("k", 2L);
    cells.state(IN_WINDOW, ORDERED).add(TimestampedValue.of("late", new Instant(20)));
    cells.state(IN_WINDOW, ORDERED).add(TimestampedValue.of("early", new Instant(10)));
    cells.state(IN_WINDOW, SUM).add(5L);
    cells.state(IN_WINDOW, SUM).add(6L);
    cells.state(IN_WINDOW, HOLD).add(new Instant(100 + name.length()));
    timers.forKey(key).setTimer(TimerData.of("end", "", IN_WINDOW, new Instant(999), new Instant(998), TimeDomain.EVENT_TIME));
    timers.forKey(key).setTimer(
        TimerData.of("poll", "family", StateNamespaces.global(), new Instant(5), new Instant(5), TimeDomain.PROCESSING_TIME));
  }

  private static void assertSameContents(KeyedStateBackend expected, KeyedStateBackend actual, String name) {
    var a = expected.forKey(key(name));
    var b = actual.forKey(key(name));
    assertEquals(a.state(StateNamespaces.global(), VALUE).read(), b.state(StateNamespaces.global(), VALUE).read());
    assertEquals(
        List.copyOf((java.util.Collection<String>) toList(a.state(StateNamespaces.global(), BAG).read())),
        toList(b.state(StateNamespaces.global(), BAG).read()));
    assertEquals(Set.copyOf(toList(a.state(IN_WINDOW, SET).read())), Set.copyOf(toList(b.state(IN_WINDOW, SET).read())));
    assertEquals(a.state(IN_WINDOW, MAP).get("m").read(), b.state(IN_WINDOW, MAP).get("m").read());
    assertEquals(toList(a.state(IN_WINDOW, MULTIMAP).get("k").read()), toList(b.state(IN_WINDOW, MULTIMAP).get("k").read()));
    assertEquals(toList(a.state(IN_WINDOW, ORDERED).read()), toList(b.state(IN_WINDOW, ORDERED).read()));
    assertEquals(a.state(IN_WINDOW, SUM).read(), b.state(IN_WINDOW, SUM).read());
    assertEquals(a.state(IN_WINDOW, HOLD).read(), b.state(IN_WINDOW, HOLD).read());
  }

  private static <T> List<T> toList(Iterable<T> values) {
    List<T> list = new java.util.ArrayList<>();
    values.forEach(list::add);
    return list;
  }

  @Test
  public void everyKindOfCellAndEveryTimerComesBack() throws IOException {
    List<String> keys = List.of("alpha", "beta", "gamma", "delta", "epsilon", "zeta");
    keys.forEach(this::fill);
    Map<Integer, byte[]> groups = snapshots.snapshot();
    assertTrue("keys spread over several groups: " + groups.keySet(), groups.size() > 1);

    KeyedStateBackend restored = new KeyedStateBackend(KeyGroupSnapshotsTest::groupOf);
    KeyedTimers restoredTimers = new KeyedTimers(t -> true);
    KeyGroupSnapshots reader = new KeyGroupSnapshots(restored, restoredTimers, StringUtf8Coder.of(), IntervalWindow.getCoder());
    for (byte[] group : groups.values()) {
      reader.restore(group);
    }
    for (String key : keys) {
      assertSameContents(state, restored, key);
      assertEquals(timers.timersOf(key(key)), restoredTimers.timersOf(key(key)));
    }
    assertEquals(state.earliestHold(), restored.earliestHold());
    assertEquals(timers.earliestOutputHold(), restoredTimers.earliestOutputHold());
    assertEquals(timers.earliest(TimeDomain.EVENT_TIME), restoredTimers.earliest(TimeDomain.EVENT_TIME));
    assertEquals("the restored state snapshots the same", keySets(groups), keySets(reader.snapshot()));
  }

  private static Map<Integer, Integer> keySets(Map<Integer, byte[]> groups) {
    Map<Integer, Integer> sizes = new TreeMap<>();
    groups.forEach((group, bytes) -> sizes.put(group, bytes.length));
    return sizes;
  }

  @Test
  public void aKeyGroupRestoresAloneOnAnotherWorker() throws IOException {
    List<String> keys = List.of("alpha", "beta", "gamma", "delta", "epsilon", "zeta");
    keys.forEach(this::fill);
    Map<Integer, byte[]> groups = snapshots.snapshot();
    int moved = groups.keySet().iterator().next();
    KeyedStateBackend other = new KeyedStateBackend(KeyGroupSnapshotsTest::groupOf);
    new KeyGroupSnapshots(other, new KeyedTimers(t -> true), StringUtf8Coder.of(), IntervalWindow.getCoder())
        .restore(groups.get(moved));
    for (String key : keys) {
      if (groupOf(key(key).bytes()) == moved) {
        assertSameContents(state, other, key);
      } else {
        assertNull("keys of other groups stay behind", other.forKey(key(key)).state(StateNamespaces.global(), VALUE).read());
      }
    }
  }

  @Test
  public void clearedStateAndFiredTimersAreNotWritten() throws IOException {
    fill("alpha");
    var cells = state.forKey(key("alpha"));
    for (StateTag<?> tag : List.of(BAG, VALUE)) {
      cells.state(StateNamespaces.global(), tag).clear();
    }
    for (StateTag<?> tag : List.of(SET, MAP, MULTIMAP, ORDERED, SUM, HOLD)) {
      cells.state(IN_WINDOW, tag).clear();
    }
    timers.pollDue(TimeDomain.EVENT_TIME, new Instant(10_000));
    timers.pollDue(TimeDomain.PROCESSING_TIME, new Instant(10_000));
    assertEquals(new HashMap<>(), snapshots.snapshot());
  }

  @Test
  public void aSnapshotOfAnotherVersionIsRefused() throws IOException {
    fill("alpha");
    byte[] group = snapshots.snapshot().values().iterator().next();
    group[3] = 99;
    IOException e =
        assertThrows(
            IOException.class,
            () -> new KeyGroupSnapshots(new KeyedStateBackend(KeyGroupSnapshotsTest::groupOf), new KeyedTimers(t -> true),
                    StringUtf8Coder.of(), IntervalWindow.getCoder())
                .restore(group));
    assertTrue(e.getMessage(), e.getMessage().contains("version 99"));
  }
}
