package io.solstice.engine.coordinator;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The one pool rescale a job's coordinator lets happen at a time: reserved by a stage master (the
 * checkpoint it will happen at), started once the stage's workers know that checkpoint, and over
 * once the old workers have all left and the new ones registered. Until then no other checkpoint
 * starts, so that none waits for a worker that left or misses one that has not joined.
 */
final class Rescales {
  private String stage;
  private boolean due;
  private final List<String> leavingAll = new ArrayList<>();
  private final Set<String> leaving = new HashSet<>();
  private final Set<String> joining = new HashSet<>();

  boolean busy() {
    return stage != null;
  }

  /** Whether the reserved rescale's checkpoint should start now. */
  boolean due() {
    return due;
  }

  String stage() {
    return stage;
  }

  void reserve(String stage) {
    this.stage = stage;
  }

  void start(List<String> leaving, List<String> joining) {
    this.leavingAll.clear();
    this.leavingAll.addAll(leaving);
    this.leaving.clear();
    this.leaving.addAll(leaving);
    this.joining.clear();
    this.joining.addAll(joining);
    due = true;
  }

  /** A checkpoint started: the rescale's, if one was due. */
  void started() {
    due = false;
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
