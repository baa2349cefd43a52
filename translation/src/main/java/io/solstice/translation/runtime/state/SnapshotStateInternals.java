package io.solstice.translation.runtime.state;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.beam.runners.core.InMemoryStateInternals;
import org.apache.beam.runners.core.StateNamespace;
import org.apache.beam.runners.core.StateTag;
import org.apache.beam.sdk.state.State;

/**
 * runners-core's in-memory state of one key, which can list its cells for a snapshot: the cells
 * are only reachable from a subclass.
 */
final class SnapshotStateInternals<K> extends InMemoryStateInternals<K> {

  /** One state cell: where it lives and what it holds. */
  static final class Cell {
    final StateNamespace namespace;
    final StateTag<?> tag;
    final State state;

    Cell(StateNamespace namespace, StateTag<?> tag, State state) {
      this.namespace = namespace;
      this.tag = tag;
      this.state = state;
    }
  }

  SnapshotStateInternals(K key) {
    super(key);
  }

  /** Every cell holding something. */
  List<Cell> cells() {
    List<Cell> cells = new ArrayList<>();
    for (StateNamespace namespace : inMemoryState.getNamespacesInUse()) {
      for (Map.Entry<StateTag, State> entry : inMemoryState.getTagsInUse(namespace).entrySet()) {
        State state = entry.getValue();
        if (state instanceof InMemoryState && ((InMemoryState<?>) state).isCleared()) {
          continue;
        }
        cells.add(new Cell(namespace, entry.getKey(), state));
      }
    }
    return cells;
  }
}
