package io.solstice.engine.job;

import io.solstice.engine.EngineConfig;
import io.solstice.engine.Serialization;
import io.solstice.engine.control.JobSetup;
import io.solstice.engine.control.PoolSize;
import io.solstice.engine.control.RoleAddress;
import io.solstice.engine.control.StageProgress;
import io.solstice.engine.control.StageReport;
import io.solstice.engine.control.TopicLayout;
import io.solstice.engine.control.WorkerReport;
import io.solstice.engine.coordinator.CheckpointStatus;
import io.solstice.engine.coordinator.CoordinatorLaunch;
import io.solstice.engine.coordinator.CoordinatorRequest;
import io.solstice.engine.coordinator.JobCoordinator;
import io.solstice.engine.fault.FaultPlan;
import io.solstice.engine.graph.JobGraph;
import io.solstice.engine.host.ExecutorClient;
import io.solstice.engine.host.ExecutorLostException;
import io.solstice.engine.queue.QueueTransport;
import io.solstice.engine.queue.TransportConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of a job, from its start or from a checkpoint: opens it on executors (its own queues,
 * payloads and roles, under an id of its own), starts the coordinator and stage masters, seeds the
 * source edges, waits for the stages, and cleans up. A job that restarts after a failure runs a new
 * attempt; nothing of the failed one is reused but the checkpoints it completed.
 */
final class JobAttempt {
  private static final Logger LOG = LoggerFactory.getLogger(JobAttempt.class);
  private static final long WAIT_SLICE_MILLIS = 200;
  private static final long HEALTH_CHECK_MILLIS = 3_000;
  private static final long EXTERNAL_PRODUCTION_END_MILLIS = 30_000;

  private final JobGraph graph;
  private final EngineConfig config;
  private final String attemptId;
  private final String checkpointJob;
  private final String shape;
  private final RestorePlan restore;
  private final long lastCheckpointId;
  private final FaultPlan faults;
  private final List<WorkerReport> reports = new ArrayList<>();
  private final Map<Integer, List<PoolSize>> poolSizes = new HashMap<>();
  private ExecutorPool executors;
  private JobLayout layout;
  private QueueTransport transport;
  private List<TopicLayout> topics = List.of();
  private volatile StageSupervisor stages;
  private volatile ExternalProduction external;
  private volatile Throwable failure;
  private volatile boolean cancelled;
  private volatile CheckpointStatus checkpoints = CheckpointStatus.none();
  private int unfinishedWorkers;
  private long payloadsLeft;

  /**
   * @param attemptId the id executors, queues and roles know this run by
   * @param checkpointJob the job directory its checkpoints go to, the same for every attempt
   * @param lastCheckpointId the highest checkpoint id used so far: this attempt's checkpoints go on
   *     from the next
   * @param faults the faults to inject into this attempt (trials only)
   */
  JobAttempt(
      JobGraph graph,
      EngineConfig config,
      String attemptId,
      String checkpointJob,
      String shape,
      RestorePlan restore,
      long lastCheckpointId,
      FaultPlan faults) {
    this.faults = faults;
    this.lastCheckpointId = lastCheckpointId;
    this.graph = graph;
    this.config = config;
    this.attemptId = attemptId;
    this.checkpointJob = checkpointJob;
    this.shape = shape;
    this.restore = restore;
  }

  String id() {
    return attemptId;
  }

  int executorCount() {
    return executors.size();
  }

  /** Opens the attempt on its executors, creates its topics and starts its coordinator. */
  void open() {
    executors = ExecutorPool.open(attemptId, config);
    layout = new JobLayout(attemptId, graph, executors.size());
    topics = layout.topics();
    long clockStart = System.currentTimeMillis();
    byte[] setup = Serialization.toBytes(new JobSetup(attemptId, config, executors.names(), topics, clockStart));
    transport = driverTransport();
    for (ExecutorClient executor : executors.directory().all()) {
      executor.openJob(attemptId, setup);
    }
    RoleAddress coordinator = layout.coordinator();
    executors
        .directory()
        .client(coordinator.executor())
        .startRole(
            attemptId,
            coordinator.role(),
            JobCoordinator.class,
            new CoordinatorLaunch(
                JobExecution.workerCount(graph), config.checkpoints(), checkpointJob, lastCheckpointId, shape, clockStart));
  }

  private QueueTransport driverTransport() {
    QueueTransport driver = DriverTransport.open(attemptId, config, executors.directory(), topics);
    if (config.transport().kind() == TransportConfig.Kind.KAFKA) {
      for (TopicLayout topic : topics) {
        driver.createTopic(topic.topic(), topic.partitions(), topic.group());
      }
    }
    return driver;
  }

  /**
   * Starts the stages, seeds the sources and waits until every stage has ended. Returns the
   * attempt's first failure, or null.
   */
  Throwable run() {
    Thread seeder = null;
    try {
      StageSupervisor supervisor =
          new StageSupervisor(attemptId, graph, layout, executors.directory(), config, checkpointJob, restore::stage, faults);
      stages = supervisor;
      supervisor.start();
      if (cancelled) {
        supervisor.cancelAll();
      }
      seeder = new Thread(this::seed, "solstice-seed-" + attemptId);
      seeder.setDaemon(true);
      seeder.start();
      startExternalProduction();
      waitForStages(supervisor);
    } catch (Throwable t) {
      if (!(t instanceof IllegalStateException && t.getCause() instanceof ExecutorLostException)) {
        LOG.error("Job {} failed in its driver", attemptId, t);
      }
      recordFailure(t);
      cancel();
    } finally {
      if (seeder != null) {
        seeder.interrupt();
      }
      if (external != null) {
        external.cancel();
      }
    }
    return failure;
  }

  /** Outside systems (Spark jobs) start writing their source edges once the stages run. */
  private void startExternalProduction() {
    if (cancelled) {
      return;
    }
    external =
        new ExternalProduction(
            attemptId, graph, executors.names(), executors.directory(), topicsByName(), layout.coordinator(), config, transport);
    external.start(
        t -> {
          if (failure == null && !cancelled) {
            LOG.error("Job {}: an outside system writing one of its sources failed", attemptId, t);
            recordFailure(t);
            cancel();
          }
        });
  }

  /** Closed executors refuse a cancelled outside system's writes, so its tasks end soon after. */
  private void awaitExternalProduction() {
    ExternalProduction production = external;
    if (production == null) {
      return;
    }
    try {
      production.awaitEnd(EXTERNAL_PRODUCTION_END_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private Map<String, TopicLayout> topicsByName() {
    Map<String, TopicLayout> byName = new HashMap<>();
    topics.forEach(t -> byName.put(t.topic(), t));
    return byName;
  }

  private void waitForStages(StageSupervisor supervisor) {
    ProgressLog progressLog = new ProgressLog(attemptId);
    long nextProgress = System.currentTimeMillis() + config.progressIntervalMillis();
    long nextHealthCheck = System.currentTimeMillis() + HEALTH_CHECK_MILLIS;
    while (supervisor.running()) {
      supervisor.awaitSome(WAIT_SLICE_MILLIS, this::stageEnded);
      long now = System.currentTimeMillis();
      if (now >= nextHealthCheck && supervisor.running() && failure == null) {
        checkHealth(supervisor);
        nextHealthCheck = now + HEALTH_CHECK_MILLIS;
      }
      if (now >= nextProgress && supervisor.running()) {
        progressLog.log(supervisor.progress());
        nextProgress = now + config.progressIntervalMillis();
      }
    }
  }

  private void stageEnded(StageReport report) {
    synchronized (reports) {
      reports.addAll(report.workers());
      poolSizes.put(report.stage(), report.poolSizes());
    }
    unfinishedWorkers += report.unfinishedWorkers();
    for (WorkerReport worker : report.workers()) {
      if (worker.status() == WorkerReport.Status.FAILED) {
        recordFailure(worker.failure().toThrowable());
      }
    }
    if (failure != null && !cancelled) {
      cancel();
    }
  }

  /**
   * A broker that dies mid-job fails the job, rather than leaving readers waiting forever; so do
   * more failed checkpoints in a row than the job tolerates.
   */
  private void checkHealth(StageSupervisor supervisor) {
    try {
      transport.checkHealth();
    } catch (RuntimeException e) {
      LOG.error("Job {}: its queue transport failed", attemptId, e);
      recordFailure(e);
      supervisor.cancelAll();
      return;
    }
    if (config.checkpoints().enabled()) {
      try {
        checkpoints = askCheckpointStatus();
      } catch (RuntimeException e) {
        LOG.debug("Job {}: no checkpoint status from its coordinator", attemptId, e);
        return;
      }
      if (checkpoints.failure() != null) {
        recordFailure(
            new IllegalStateException(
                "Job " + attemptId + " failed: " + checkpoints.failure() + " (checkpoints go to "
                    + config.checkpoints().location() + ")"));
        supervisor.cancelAll();
      }
    }
  }

  private void seed() {
    JobSeeder seeder =
        new JobSeeder(attemptId, graph, transport, executors.directory(), topicsByName(), layout.coordinator(), config);
    try {
      seeder.seedAll();
    } catch (InterruptedException e) {
      LOG.debug("Seeding of job {} interrupted", attemptId);
    } catch (RuntimeException e) {
      if (failure == null && !cancelled) {
        recordFailure(e instanceof ExecutorLostException && stages != null ? stages.lost((ExecutorLostException) e) : e);
        cancel();
      }
    }
  }

  private synchronized void recordFailure(Throwable t) {
    if (failure == null) {
      failure = t;
    }
  }

  /** Stops every stage; {@link #run} then returns once they have ended. */
  void cancel() {
    cancelled = true;
    ExternalProduction production = external;
    if (production != null) {
      production.cancel();
    }
    StageSupervisor supervisor = stages;
    if (supervisor != null) {
      supervisor.cancelAll();
    }
  }

  /** Live counters and metrics of every stage. */
  List<StageProgress> progress() {
    StageSupervisor supervisor = stages;
    return supervisor == null ? new ArrayList<>() : supervisor.progress();
  }

  /** How checkpoints went, asked of the coordinator, or as last known once it is gone. */
  CheckpointStatus checkpointStatus() {
    try {
      checkpoints = askCheckpointStatus();
    } catch (RuntimeException e) {
      LOG.debug("Job {}: no checkpoint status from its coordinator", attemptId, e);
    }
    return checkpoints;
  }

  private CheckpointStatus askCheckpointStatus() {
    RoleAddress coordinator = layout.coordinator();
    return (CheckpointStatus)
        executors.directory().client(coordinator.executor()).ask(attemptId, coordinator.role(), new CoordinatorRequest.Status());
  }

  List<WorkerReport> workerReports() {
    synchronized (reports) {
      return List.copyOf(reports);
    }
  }

  /** Per stage id that has ended, its pool sizes in turn (more than one if it was rescaled). */
  Map<Integer, List<PoolSize>> poolSizes() {
    synchronized (reports) {
      return Map.copyOf(poolSizes);
    }
  }

  List<String> executorDescriptions() {
    List<String> descriptions = new ArrayList<>();
    if (executors != null) {
      for (ExecutorClient executor : executors.directory().all()) {
        descriptions.add(executor.description());
      }
    }
    return descriptions;
  }

  long payloadsLeft() {
    return payloadsLeft;
  }

  int unfinishedWorkers() {
    return unfinishedWorkers;
  }

  /**
   * Ends the attempt on every executor (roles, partitions, payloads), deletes its topics, and ends
   * its cluster executors if it failed.
   */
  void cleanUp(boolean failed) {
    try {
      if (executors != null) {
        if (layout != null) {
          checkpointStatus();
        }
        long payloads = 0;
        for (ExecutorClient executor : executors.directory().all()) {
          try {
            payloads += executor.closeJob(attemptId);
          } catch (RuntimeException e) {
            LOG.debug("Job {}: could not close it on {}", attemptId, executor.description(), e);
          }
        }
        payloadsLeft = payloads;
      }
      awaitExternalProduction();
      if (transport != null) {
        List<String> names = new ArrayList<>();
        topics.forEach(t -> names.add(t.topic()));
        transport.deleteTopics(names);
        transport.close();
      }
    } finally {
      if (executors != null) {
        executors.release(failed);
      }
    }
  }

}
