package io.solstice.translation.runtime.state;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;

import org.apache.beam.runners.core.StateInternals;
import org.apache.beam.runners.core.StateInternalsTest;
import org.apache.beam.runners.core.StateNamespace;
import org.apache.beam.runners.core.StateNamespaces;
import org.apache.beam.runners.core.StateTag;
import org.apache.beam.runners.core.StateTags;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.state.ValueState;
import org.apache.beam.sdk.state.WatermarkHoldState;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.TimestampCombiner;
import org.joda.time.Instant;
import org.junit.Test;
import org.junit.experimental.runners.Enclosed;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/** Solstice's keyed state: runners-core's StateInternals contract, and keying by key group. */
@RunWith(Enclosed.class)
public class KeyedStateBackendTest {

  /** Key groups as a keyed edge assigns them: here a simple hash over 128 groups. */
  static int keyGroup(byte[] key) {
    return Math.floorMod(java.util.Arrays.hashCode(key), 128);
  }

  /** runners-core's contract for every state type, on one key's state. */
  @RunWith(JUnit4.class)
  public static class StateInternalsContract extends StateInternalsTest {
    @Override
    protected StateInternals createStateInternals() {
      return new KeyedStateBackend(KeyedStateBackendTest::keyGroup).forKey(KeyBytes.of(StringUtf8Coder.of(), "key"));
    }
  }

  /** What keying adds: isolation between keys, grouping by key group, holds across keys. */
  @RunWith(JUnit4.class)
  public static class Keying {
    private static final StateNamespace NAMESPACE = StateNamespaces.global();
    private static final StateTag<ValueState<Integer>> VALUE = StateTags.value("v", VarIntCoder.of());
    private static final StateTag<WatermarkHoldState> HOLD =
        StateTags.watermarkStateInternal("hold", TimestampCombiner.EARLIEST);

    private final KeyedStateBackend backend = new KeyedStateBackend(KeyedStateBackendTest::keyGroup);

    private StateInternals key(String key) {
      return backend.forKey(KeyBytes.of(StringUtf8Coder.of(), key));
    }

    @Test
    public void keysDoNotSeeEachOthersState() {
      key("a").state(NAMESPACE, VALUE).write(1);
      key("b").state(NAMESPACE, VALUE).write(2);
      assertEquals(1, (int) key("a").state(NAMESPACE, VALUE).read());
      assertEquals(2, (int) key("b").state(NAMESPACE, VALUE).read());
      assertNull(key("c").state(NAMESPACE, VALUE).read());
      assertEquals("the same key, the same state", "a", key("a").getKey());
    }

    @Test
    public void keepsStatePerKeyGroup() {
      java.util.Set<Integer> groups = new java.util.HashSet<>();
      for (int i = 0; i < 1000; i++) {
        KeyBytes key = KeyBytes.of(StringUtf8Coder.of(), "k" + i);
        groups.add(keyGroup(key.bytes()));
        backend.forKey(key).state(NAMESPACE, VALUE).write(i);
      }
      assertEquals(1000, backend.keyCount());
      assertEquals(groups.size(), backend.keyGroupCount());
    }

    @Test
    public void earliestHoldSpansKeysAndFollowsClears() {
      assertEquals(BoundedWindow.TIMESTAMP_MAX_VALUE, backend.earliestHold());
      key("a").state(NAMESPACE, HOLD).add(new Instant(50));
      key("b").state(NAMESPACE, HOLD).add(new Instant(20));
      key("b").state(NAMESPACE, HOLD).add(new Instant(30));
      assertEquals(new Instant(20), backend.earliestHold());
      key("b").state(NAMESPACE, HOLD).clear();
      assertEquals(new Instant(50), backend.earliestHold());
      key("a").state(NAMESPACE, HOLD).clear();
      assertEquals(BoundedWindow.TIMESTAMP_MAX_VALUE, backend.earliestHold());
    }
  }
}
