package io.solstice.engine.checkpoint;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Which checkpoints retention deletes, whatever holds them. */
final class Retention {
  private Retention() {}

  /**
   * Checkpoints older than the newest {@code retained} complete ones, and incomplete ones older
   * than the newest complete one (abandoned); one newer than every complete checkpoint may still be
   * being written and stays.
   *
   * @param all every checkpoint id with anything written
   * @param completed the complete ones, oldest first
   */
  static List<Long> toDelete(Collection<Long> all, List<Long> completed, int retained) {
    if (retained < 1) {
      throw new IllegalArgumentException("At least one checkpoint is retained, not " + retained);
    }
    List<Long> delete = new ArrayList<>();
    if (completed.isEmpty()) {
      return delete;
    }
    long oldestKept = completed.get(Math.max(0, completed.size() - retained));
    long newest = completed.get(completed.size() - 1);
    for (long id : all) {
      boolean olderThanKept = id < oldestKept;
      boolean abandoned = id < newest && !completed.contains(id);
      if (olderThanKept || abandoned) {
        delete.add(id);
      }
    }
    return delete;
  }
}
