package io.solstice.engine.operator;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * A stage operator's state at a checkpoint, opaque to the engine: per key group (which the engine
 * routes to whichever worker owns the group on restore), and the worker's own.
 */
public final class OperatorSnapshot {
  private static final OperatorSnapshot EMPTY = new OperatorSnapshot(Map.of(), new byte[0]);

  private final Map<Integer, byte[]> keyGroups;
  private final byte[] local;

  public OperatorSnapshot(Map<Integer, byte[]> keyGroups, byte[] local) {
    this.keyGroups = Collections.unmodifiableMap(new TreeMap<>(keyGroups));
    this.local = local;
  }

  public static OperatorSnapshot empty() {
    return EMPTY;
  }

  public Map<Integer, byte[]> keyGroups() {
    return keyGroups;
  }

  public byte[] local() {
    return local;
  }

  public boolean isEmpty() {
    return keyGroups.isEmpty() && local.length == 0;
  }
}
