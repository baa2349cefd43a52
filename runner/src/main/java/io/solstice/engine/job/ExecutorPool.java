package io.solstice.engine.job;

import io.ray.api.ActorHandle;
import io.solstice.engine.EngineConfig;
import io.solstice.engine.host.ExecutorClient;
import io.solstice.engine.host.ExecutorDirectory;
import io.solstice.engine.host.SolsticeExecutor;
import io.solstice.engine.ray.RaySession;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The executors a job runs on. In Ray's local mode: the one executor of this JVM's session. In
 * cluster mode: executors of the session's pool, each a JVM with the CPUs, memory and heap the
 * options ask for, placed by Ray wherever those fit.
 */
final class ExecutorPool {
  private static final Logger LOG = LoggerFactory.getLogger(ExecutorPool.class);

  private final List<String> names;
  private final ExecutorDirectory directory;
  private final boolean cluster;

  private ExecutorPool(List<String> names, List<ActorHandle<SolsticeExecutor>> handles, boolean cluster) {
    this.names = List.copyOf(names);
    this.directory = ExecutorDirectory.forDriver(names, handles);
    this.cluster = cluster;
  }

  static ExecutorPool open(String jobId, EngineConfig config) {
    if (config.rayMode() == EngineConfig.RayMode.LOCAL) {
      return new ExecutorPool(List.of(RaySession.localExecutorName()), List.of(RaySession.localExecutor()), false);
    }
    long start = System.nanoTime();
    List<String> names = new ArrayList<>();
    List<ActorHandle<SolsticeExecutor>> handles;
    try {
      handles = RaySession.clusterExecutors(config, names);
    } catch (RuntimeException e) {
      throw new IllegalStateException(
          "Job "
              + jobId
              + " could not start its "
              + config.executors()
              + " executors ("
              + config.executorCpus()
              + " CPU and "
              + config.executorMemoryMb()
              + " MB each) on the Ray cluster: "
              + e.getMessage()
              + ". Check that the cluster has room for them (`ray status`), or lower --executors,"
              + " --executorCpus or --executorMemoryMb.",
          e);
    }
    ExecutorPool pool = new ExecutorPool(names, handles, true);
    for (ExecutorClient executor : pool.directory.all()) {
      executor.describe();
    }
    LOG.info(
        "Job {}: {} executors ready in {} ms: {}",
        jobId,
        names.size(),
        (System.nanoTime() - start) / 1_000_000,
        pool.describe());
    return pool;
  }

  List<String> names() {
    return names;
  }

  ExecutorDirectory directory() {
    return directory;
  }

  int size() {
    return names.size();
  }

  private String describe() {
    List<String> all = new ArrayList<>();
    for (ExecutorClient executor : directory.all()) {
      all.add(executor.description());
    }
    return String.join("; ", all);
  }

  /**
   * The job is over. After a failure its cluster executors are ended: one may be lost, and the
   * others may hold what the failure left; the pool starts fresh ones for the next job.
   */
  void release(boolean failed) {
    if (cluster && failed) {
      RaySession.discardExecutors(names);
    }
  }
}
