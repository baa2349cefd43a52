package io.solstice.engine.ray;

import io.ray.api.ActorHandle;
import io.ray.api.Ray;
import io.solstice.engine.EngineConfig;
import io.solstice.engine.host.RayCalls;
import io.solstice.engine.host.SolsticeExecutor;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This JVM's Ray runtime, shared by its jobs (Ray's Java API is one runtime per process). The first
 * job starts it: in local mode, Ray in this JVM plus the one executor that hosts every role; in
 * cluster mode, a driver attached to {@code --rayAddress}, or to a private head started for it.
 * When the last job ends, what the session started is stopped: the runtime, the private head by
 * its process ids, and the native-library folder Ray unpacks for every cluster driver.
 */
public final class RaySession {
  private static final Logger LOG = LoggerFactory.getLogger(RaySession.class);
  /** Concurrent calls one executor serves: role waits block one each, for up to seconds. */
  public static final int LOCAL_EXECUTOR_CONCURRENCY = 512;
  /**
   * How long a cluster session outlives its last job: attaching, and starting executor JVMs, take
   * seconds, which a program running jobs one after another would otherwise pay for each.
   */
  static final long CLUSTER_LINGER_MILLIS = 10_000;

  private static int users;
  private static boolean ownsRuntime;
  private static EngineConfig.RayMode mode;
  private static String requestedAddress;
  private static ClusterAttachment attachment;
  private static ClusterExecutors clusterExecutors;
  private static ActorHandle<SolsticeExecutor> localExecutor;
  private static String localExecutorName;
  private static String localSessionDirProperty;
  private static ScheduledFuture<?> pendingStop;
  private static ScheduledExecutorService lingerTimer;
  private static boolean exitHookAdded;

  private RaySession() {}

  public static synchronized void acquire(EngineConfig config) {
    if (pendingStop != null) {
      pendingStop.cancel(false);
      pendingStop = null;
    }
    if (mode != null && (mode != config.rayMode() || !Objects.equals(requestedAddress, config.rayAddress()))) {
      if (users > 0) {
        throw new IllegalStateException(
            "This JVM already runs Ray in " + mode + " mode"
                + (requestedAddress == null ? "" : " on " + requestedAddress)
                + " for another job; a JVM runs one Ray runtime. Run this job after the others end,"
                + " or in another JVM.");
      }
      stop();
    }
    if (mode == null) {
      try {
        start(config);
      } catch (RuntimeException e) {
        stop();
        throw e;
      }
    }
    users++;
  }

  public static synchronized void release() {
    users--;
    if (users > 0) {
      return;
    }
    if (mode == EngineConfig.RayMode.CLUSTER) {
      if (lingerTimer == null) {
        lingerTimer =
            Executors.newSingleThreadScheduledExecutor(
                r -> {
                  Thread thread = new Thread(r, "solstice-ray-session-linger");
                  thread.setDaemon(true);
                  return thread;
                });
      }
      pendingStop = lingerTimer.schedule(RaySession::stopIfIdle, CLUSTER_LINGER_MILLIS, TimeUnit.MILLISECONDS);
    } else {
      stop();
    }
  }

  private static synchronized void stopIfIdle() {
    pendingStop = null;
    if (users == 0) {
      stop();
    }
  }

  private static void start(EngineConfig config) {
    mode = config.rayMode();
    requestedAddress = config.rayAddress();
    if (!Ray.isInitialized()) {
      RayJvmFlags.check();
      if (mode == EngineConfig.RayMode.LOCAL) {
        startLocal(config);
      } else {
        addExitHook();
        attachment = ClusterAttachment.attach(config);
      }
      ownsRuntime = true;
    }
    if (mode == EngineConfig.RayMode.LOCAL) {
      startLocalExecutor();
    } else {
      clusterExecutors = new ClusterExecutors();
    }
  }

  /** Ends what the session started: executors, the runtime, a private head, Ray's leftovers. */
  private static void stop() {
    if (clusterExecutors != null) {
      clusterExecutors.killAll();
      clusterExecutors = null;
    }
    if (localExecutor != null) {
      try {
        RayCalls.getAndFree(localExecutor.task(SolsticeExecutor::stop).remote(), 10_000);
      } catch (RuntimeException e) {
        LOG.warn("Could not stop the local executor's watch: {}", e.toString());
      }
    }
    localExecutor = null;
    localExecutorName = null;
    if (attachment != null) {
      attachment.detach(ownsRuntime);
      attachment = null;
    } else if (ownsRuntime) {
      Ray.shutdown();
      System.clearProperty("ray.run-mode");
      if (localSessionDirProperty != null) {
        System.clearProperty(localSessionDirProperty);
        localSessionDirProperty = null;
      }
    }
    ownsRuntime = false;
    mode = null;
    requestedAddress = null;
  }

  /** The executors of a cluster-mode job: names and handles, started if need be. */
  public static synchronized List<ActorHandle<SolsticeExecutor>> clusterExecutors(EngineConfig config, List<String> names) {
    if (clusterExecutors == null) {
      throw new IllegalStateException("No Ray cluster session in this JVM");
    }
    List<ActorHandle<SolsticeExecutor>> handles = new ArrayList<>();
    for (ClusterExecutors.Executor executor : clusterExecutors.acquire(config)) {
      names.add(executor.name);
      handles.add(executor.handle);
    }
    return handles;
  }

  /**
   * The handles this JVM holds for these executors when it created every one of them (it runs their
   * job's driver); empty otherwise.
   */
  public static synchronized Optional<List<ActorHandle<SolsticeExecutor>>> ownedExecutors(List<String> names) {
    List<ActorHandle<SolsticeExecutor>> handles = new ArrayList<>();
    for (String name : names) {
      Optional<ActorHandle<SolsticeExecutor>> handle = name.equals(localExecutorName)
          ? Optional.ofNullable(localExecutor)
          : clusterExecutors == null ? Optional.empty() : clusterExecutors.handle(name);
      if (handle.isEmpty()) {
        return Optional.empty();
      }
      handles.add(handle.get());
    }
    return Optional.of(handles);
  }

  /** Ends these executors' processes and forgets them (after a failed job, or a lost one). */
  public static synchronized void discardExecutors(List<String> names) {
    if (clusterExecutors != null) {
      clusterExecutors.discard(names);
    }
  }

  /** The name and handle of the executor every local-mode job of this JVM runs on. */
  public static synchronized String localExecutorName() {
    return localExecutorName;
  }

  public static synchronized ActorHandle<SolsticeExecutor> localExecutor() {
    return localExecutor;
  }

  private static void startLocal(EngineConfig config) {
    System.setProperty("ray.run-mode", "LOCAL");
    String sessionDir = config.raySessionDir();
    if (sessionDir == null && System.getProperty("ray.session-dir") == null) {
      sessionDir = Paths.get(System.getProperty("java.io.tmpdir"), "solstice-ray-session").toString();
    }
    if (sessionDir != null) {
      System.setProperty("ray.session-dir", sessionDir);
      localSessionDirProperty = "ray.session-dir";
    }
    long start = System.nanoTime();
    Ray.init();
    LOG.info("Started Ray in local mode in {} ms", (System.nanoTime() - start) / 1_000_000);
  }

  /**
   * One executor hosts every role of the local-mode jobs of this JVM. One actor instance also
   * keeps clear of Ray 2.39 local mode's shared "current actor" field, which lets a call meant for
   * one actor run on another's instance while several exist.
   */
  private static void startLocalExecutor() {
    String name = "solstice-local-executor-" + UUID.randomUUID().toString().substring(0, 8);
    ActorHandle<SolsticeExecutor> executor =
        Ray.actor(SolsticeExecutor::new, name).setName(name).setMaxConcurrency(LOCAL_EXECUTOR_CONCURRENCY).remote();
    RayCalls.getAndFree(executor.task(SolsticeExecutor::describe).remote(), 60_000);
    localExecutor = executor;
    localExecutorName = name;
  }

  /** On JVM exit, the attachment stops a private head and removes Ray's leftovers. */
  private static void addExitHook() {
    if (exitHookAdded) {
      return;
    }
    exitHookAdded = true;
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  ClusterAttachment attached = attachment;
                  if (attached != null) {
                    attached.onExit();
                  }
                },
                "solstice-ray-session-exit"));
  }
}
