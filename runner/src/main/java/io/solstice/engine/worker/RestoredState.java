package io.solstice.engine.worker;

import io.solstice.engine.checkpoint.CheckpointStorage;
import io.solstice.engine.checkpoint.StateHandle;
import io.solstice.engine.control.PartitionOwnership;
import io.solstice.engine.control.StageLaunch;
import io.solstice.engine.control.StageRestore;
import io.solstice.engine.graph.EdgeSpec;
import io.solstice.engine.operator.KeyGroups;
import io.solstice.engine.operator.OperatorSnapshot;
import io.solstice.engine.operator.Partitioning;
import java.io.IOException;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;

/**
 * What one worker loads from a checkpoint. With as many workers (and keyed partitions) as at the
 * checkpoint, its own state file. With another number, every file of its stage, keeping the key
 * groups whose records now come to it (a key group's partition, of the stage's keyed input, is
 * read by worker partition mod workers); a worker's own (non-keyed) state cannot be divided, so a
 * stage that has any keeps its number of workers. Seeds read by any worker count as read, and so do all the seeds of a worker
 * that had ended.
 */
record RestoredState(OperatorSnapshot operator, Map<Integer, BitSet> seedsRead, long bytes, int files) {

  static RestoredState read(StageLaunch launch, int index) throws IOException {
    StageRestore restore = launch.restore();
    int workers = launch.stage().parallelism();
    EdgeSpec keyed = keyedInput(launch);
    boolean sameWorkers = restore.workers() == workers && sameKeyedPartitions(launch, restore);
    List<Integer> sources = sameWorkers ? List.of(index) : IntStream.range(0, restore.workers()).boxed().toList();
    SeedLedger seeds = new SeedLedger();
    Map<Integer, byte[]> groups = new TreeMap<>();
    byte[] local = new byte[0];
    long bytes = 0;
    int files = 0;
    try (CheckpointStorage storage = restore.checkpoint().open()) {
      for (int source : sources) {
        StateHandle handle = restore.state(source);
        if (handle == null) {
          continue;
        }
        byte[] data = storage.readState(restore.checkpointId(), handle);
        bytes += data.length;
        files++;
        WorkerStateFile.Contents contents =
            WorkerStateFile.decode(data, storage.describe() + " checkpoint " + restore.checkpointId() + " " + handle.name());
        seeds.addAll(contents.seedsRead());
        for (Map.Entry<Integer, byte[]> group : contents.operator().keyGroups().entrySet()) {
          if ((sameWorkers || ownsKeyGroup(launch, keyed, index, group.getKey()))
              && groups.put(group.getKey(), group.getValue()) != null) {
            throw new IllegalStateException(
                "Checkpoint " + restore.checkpointId() + " holds key group " + group.getKey() + " of stage '"
                    + launch.stage().name() + "' in more than one state file");
          }
        }
        if (sameWorkers) {
          local = contents.operator().local();
        } else if (contents.operator().local().length > 0) {
          // The driver refuses such a restore before the job starts (StageSpec.keepsWorkerState):
          // this is the check on what the files hold.
          throw new IllegalStateException(
              "Stage '" + launch.stage().name() + "' has state of each worker's own in checkpoint "
                  + restore.checkpointId() + ", which cannot be divided among " + workers + " workers instead of "
                  + restore.workers());
        }
      }
    }
    markSeedsOfEndedWorkers(launch, restore, seeds);
    return new RestoredState(new OperatorSnapshot(groups, local), seeds.snapshot(), bytes, files);
  }

  /** Every seed on a partition whose worker had ended by the checkpoint was read. */
  private static void markSeedsOfEndedWorkers(StageLaunch launch, StageRestore restore, SeedLedger seeds) {
    for (int input = 0; input < launch.inputs().size(); input++) {
      EdgeSpec edge = launch.inputs().get(input);
      if (!edge.isSeeded()) {
        continue;
      }
      int partitions = restore.partitionsThen(edge.id());
      for (int seed = 0; seed < restore.seeds(edge.id()); seed++) {
        int owner = PartitionOwnership.reader(seed % partitions, restore.workers());
        if (restore.state(owner) == null) {
          seeds.markRead(input, seed);
        }
      }
    }
  }

  /** Whether the stage's keyed inputs have as many partitions as at the checkpoint. */
  private static boolean sameKeyedPartitions(StageLaunch launch, StageRestore restore) {
    return launch.inputs().stream()
        .filter(edge -> edge.partitioning() == Partitioning.HASH)
        .allMatch(edge -> edge.partitions() == restore.partitionsThen(edge.id()));
  }

  /** The stage's first keyed input (the planner partitions them all alike), or null if none. */
  private static EdgeSpec keyedInput(StageLaunch launch) {
    return launch.inputs().stream().filter(edge -> edge.partitioning() == Partitioning.HASH).findFirst().orElse(null);
  }

  /** Whether key group {@code keyGroup}'s records now come to worker {@code index}. */
  private static boolean ownsKeyGroup(StageLaunch launch, EdgeSpec keyed, int index, int keyGroup) {
    if (keyed == null) {
      throw new IllegalStateException(
          "Stage '" + launch.stage().name() + "' has keyed state in its checkpoint but no keyed input to divide it by");
    }
    int partition = KeyGroups.partitionOf(keyGroup, launch.config().maxKeyGroups(), keyed.partitions());
    return PartitionOwnership.reader(partition, launch.stage().parallelism()) == index;
  }
}
