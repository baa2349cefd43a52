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
    try (StateSource source = StateSource.of(restore)) {
      for (int from : sources) {
        byte[] data = source.read(from);
        if (data == null) {
          continue;
        }
        bytes += data.length;
        files++;
        WorkerStateFile.Contents contents = WorkerStateFile.decode(data, source.describe(from));
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

  /** Where the old workers' states come from: a checkpoint's files, or a rescaled pool's handover. */
  private interface StateSource extends AutoCloseable {
    /** Old worker {@code index}'s state, or null if it had ended. */
    byte[] read(int index) throws IOException;

    String describe(int index);

    @Override
    void close() throws IOException;

    static StateSource of(StageRestore restore) {
      if (restore.handedOver()) {
        return new StateSource() {
          @Override
          public byte[] read(int index) {
            return restore.handedOverState(index);
          }

          @Override
          public String describe(int index) {
            return "the state worker " + index + " handed over as its pool was rescaled";
          }

          @Override
          public void close() {}
        };
      }
      CheckpointStorage storage = restore.checkpoint().open();
      return new StateSource() {
        @Override
        public byte[] read(int index) throws IOException {
          StateHandle handle = restore.state(index);
          return handle == null ? null : storage.readState(restore.checkpointId(), handle);
        }

        @Override
        public String describe(int index) {
          return storage.describe() + " checkpoint " + restore.checkpointId() + " " + restore.state(index).name();
        }

        @Override
        public void close() throws IOException {
          storage.close();
        }
      };
    }
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
        if (!restore.hasState(owner)) {
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
