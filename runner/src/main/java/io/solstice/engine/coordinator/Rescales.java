package io.solstice.engine.coordinator;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The one pool rescale a job's coordinator lets happen at a time: from the stage master's request
 * until the old workers have all left and the new ones registered. Until then no checkpoint
 * starts, so that none waits for a worker that left or misses one that has not joined.
 */
final class Rescales {
  private String stage;
  private final List<String> leavingAll = new ArrayList<>();
  private final Set<String> leaving = new HashSet<>();
  private final Set<String> joining = new HashSet<>();

  boolean busy() {
    return stage != null;
  }

  void start(String stage, List<String> leaving, List<String> joining) {
    this.stage = stage;
    this.leavingAll.clear();
    this.leavingAll.addAll(leaving);
    this.leaving.clear();
    this.leaving.addAll(leaving);
    this.joining.clear();
    this.joining.addAll(joining);
  }

  /**
   * {@code worker} retired or ended. Returns the old pool's workers once the last of them has left
   * (they all leave before the new ones start), else an empty list.
   */
  List<String> left(String worker) {
    if (!leaving.remove(worker) || !leaving.isEmpty()) {
      return List.of();
    }
    List<String> old = new ArrayList<>(leavingAll);
    finishIfJoined();
    return old;
  }

  /** {@code worker} registered: one of the new pool, once the old one has left. */
  void joined(String worker) {
    if (stage != null && leaving.isEmpty() && joining.remove(worker)) {
      finishIfJoined();
    }
  }

  private void finishIfJoined() {
    if (leaving.isEmpty() && joining.isEmpty()) {
      stage = null;
      leavingAll.clear();
    }
  }
}
