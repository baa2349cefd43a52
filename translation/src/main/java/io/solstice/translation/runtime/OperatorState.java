package io.solstice.translation.runtime;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * What an operator (or a whole fused stage) keeps between bundles, as bytes, at a checkpoint:
 * keyed state per key group, which can move to whichever worker owns the group, and the worker's
 * own state (side inputs, elements waiting for them, a source's position), which stays with the
 * worker index.
 */
public final class OperatorState {
  private static final OperatorState EMPTY = new OperatorState(Map.of(), new byte[0]);

  private final Map<Integer, byte[]> keyGroups;
  private final byte[] local;

  public OperatorState(Map<Integer, byte[]> keyGroups, byte[] local) {
    this.keyGroups = Collections.unmodifiableMap(new TreeMap<>(keyGroups));
    this.local = local;
  }

  public static OperatorState empty() {
    return EMPTY;
  }

  public static OperatorState local(byte[] local) {
    return new OperatorState(Map.of(), local);
  }

  /** Key group to its serialized state; key groups without state are absent. */
  public Map<Integer, byte[]> keyGroups() {
    return keyGroups;
  }

  /** The worker's own state; empty if none. */
  public byte[] local() {
    return local;
  }

  public boolean isEmpty() {
    return keyGroups.isEmpty() && local.length == 0;
  }
}
