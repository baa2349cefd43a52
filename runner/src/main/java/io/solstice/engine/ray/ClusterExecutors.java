package io.solstice.engine.ray;

import io.ray.api.ActorHandle;
import io.ray.api.Ray;
import io.solstice.engine.EngineConfig;
import io.solstice.engine.host.RayCalls;
import io.solstice.engine.host.SolsticeExecutor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The executors of this JVM's cluster session: JVMs on the cluster that host the roles of its
 * jobs, created on demand with the CPUs, memory and heap a job asks for, and kept for the next job
 * with the same needs, as a Flink session cluster keeps its task managers: starting a JVM per
 * executor takes seconds, which short jobs would pay every time. An executor whose process died,
 * or that ran a failed job, is dropped and killed; the rest end with the session.
 */
final class ClusterExecutors {
  private static final Logger LOG = LoggerFactory.getLogger(ClusterExecutors.class);
  private static final int CONCURRENCY = 256;
  private static final long READY_TIMEOUT_MILLIS = 120_000;

  /** An executor of the pool. */
  static final class Executor {
    final String name;
    final ActorHandle<SolsticeExecutor> handle;

    Executor(String name, ActorHandle<SolsticeExecutor> handle) {
      this.name = name;
      this.handle = handle;
    }
  }

  private final String session = UUID.randomUUID().toString().substring(0, 8);
  private final Map<String, List<Executor>> bySpec = new LinkedHashMap<>();
  private int created;

  /** {@code config.executors()} executors with the config's resources, started if need be. */
  synchronized List<Executor> acquire(EngineConfig config) {
    String spec = config.executorCpus() + "cpu-" + config.executorMemoryMb() + "mb-" + config.executorJvmOptions();
    List<Executor> pool = bySpec.computeIfAbsent(spec, s -> new ArrayList<>());
    pool.removeIf(executor -> !alive(executor));
    List<Executor> fresh = new ArrayList<>();
    while (pool.size() < config.executors()) {
      Executor executor = create(config);
      pool.add(executor);
      fresh.add(executor);
    }
    for (Executor executor : fresh) {
      // Waits until Ray has placed and started it; fails if the cluster has no room.
      RayCalls.getAndFree(executor.handle.task(SolsticeExecutor::describe).remote(), READY_TIMEOUT_MILLIS);
    }
    return new ArrayList<>(pool.subList(0, config.executors()));
  }

  /** The handle of this session's executor of that name, if it has one. */
  synchronized Optional<ActorHandle<SolsticeExecutor>> handle(String name) {
    for (List<Executor> pool : bySpec.values()) {
      for (Executor executor : pool) {
        if (executor.name.equals(name)) {
          return Optional.of(executor.handle);
        }
      }
    }
    return Optional.empty();
  }

  private Executor create(EngineConfig config) {
    String name = "solstice-" + session + "-executor-" + created++;
    ActorHandle<SolsticeExecutor> handle =
        Ray.actor(SolsticeExecutor::new, name)
            .setName(name)
            .setMaxConcurrency(CONCURRENCY)
            .setResource("CPU", config.executorCpus())
            .setResource("memory", config.executorMemoryMb() * 1024.0 * 1024.0)
            .setJvmOptions(jvmOptions(config))
            .remote();
    return new Executor(name, handle);
  }

  private static List<String> jvmOptions(EngineConfig config) {
    List<String> options = new ArrayList<>();
    options.add("-Xmx" + config.executorMemoryMb() + "m");
    // A worker's working directory is the raylet's; a JVM crash report belongs in the temp dir.
    options.add("-XX:ErrorFile=" + System.getProperty("java.io.tmpdir") + "/solstice-executor-hs_err_pid%p.log");
    options.addAll(RayJvmFlags.ownAddOpens());
    options.addAll(config.executorJvmOptions());
    return options;
  }

  private static boolean alive(Executor executor) {
    try {
      RayCalls.getAndFree(executor.handle.task(SolsticeExecutor::describe).remote(), 10_000);
      return true;
    } catch (RuntimeException e) {
      LOG.info("Executor {} is gone ({}); a new one replaces it", executor.name, e.getMessage());
      return false;
    }
  }

  /** Drops these executors from the pool and ends their processes. */
  synchronized void discard(List<String> names) {
    for (List<Executor> pool : bySpec.values()) {
      pool.removeIf(
          executor -> {
            if (!names.contains(executor.name)) {
              return false;
            }
            kill(executor);
            return true;
          });
    }
  }

  /** Ends every executor's process. */
  synchronized void killAll() {
    for (List<Executor> pool : bySpec.values()) {
      pool.forEach(ClusterExecutors::kill);
      pool.clear();
    }
  }

  private static void kill(Executor executor) {
    try {
      executor.handle.kill();
    } catch (RuntimeException e) {
      LOG.debug("Could not kill executor {}", executor.name, e);
    }
  }
}
