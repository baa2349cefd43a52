package io.solstice.translation.runtime.operators;

import io.solstice.translation.api.TwoPhaseCommitter;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * Drives a {@link TwoPhaseCommitter} DoFn with the checkpoints: its pre-commit at each snapshot
 * (kept in the operator's state until committed), its commit once the checkpoint completes, and its
 * recovery after a restore of what the restored checkpoint had pre-committed.
 */
final class TwoPhaseCommits {
  private final TwoPhaseCommitter committer;
  private final boolean checkpointing;
  private final NavigableMap<Long, byte[]> preCommitted = new TreeMap<>();
  private final List<byte[]> restored = new ArrayList<>();

  TwoPhaseCommits(TwoPhaseCommitter committer, int workerIndex, boolean checkpointing) throws Exception {
    this.committer = committer;
    this.checkpointing = checkpointing;
    committer.open(workerIndex, checkpointing);
  }

  /** Whether the worker must stay until a checkpoint commits what was written. */
  boolean waitsForCommit() {
    return checkpointing && (committer.hasUncommitted() || !preCommitted.isEmpty());
  }

  void snapshotTaken(long checkpointId) throws Exception {
    if (committer.hasUncommitted()) {
      preCommitted.put(checkpointId, committer.preCommit(checkpointId));
    }
  }

  void checkpointCompleted(long checkpointId) throws Exception {
    NavigableMap<Long, byte[]> covered = preCommitted.headMap(checkpointId, true);
    if (!covered.isEmpty()) {
      committer.commit(checkpointId);
      covered.clear();
    }
  }

  /** Writes the pre-commits not yet committed; call after {@link #snapshotTaken}. */
  void snapshot(DataOutputStream out) throws IOException {
    out.writeInt(preCommitted.size());
    for (Map.Entry<Long, byte[]> entry : preCommitted.entrySet()) {
      out.writeLong(entry.getKey());
      out.writeInt(entry.getValue().length);
      out.write(entry.getValue());
    }
  }

  /** Reads what {@link #snapshot} wrote; {@link #recover} then hands it to the committer. */
  void restore(DataInputStream in) throws IOException {
    for (int n = in.readInt(); n > 0; n--) {
      in.readLong();
      byte[] bytes = new byte[in.readInt()];
      in.readFully(bytes);
      restored.add(bytes);
    }
  }

  /** After a restore: the committer commits what the checkpoint pre-committed, unless it is. */
  void recover() throws Exception {
    committer.recover(new ArrayList<>(restored));
    restored.clear();
  }
}
