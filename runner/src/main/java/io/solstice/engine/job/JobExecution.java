package io.solstice.engine.job;

import io.solstice.engine.EngineConfig;
import io.solstice.engine.Serialization;
import io.solstice.engine.control.JobSetup;
import io.solstice.engine.control.RoleAddress;
import io.solstice.engine.control.StageProgress;
import io.solstice.engine.control.StageReport;
import io.solstice.engine.control.TopicLayout;
import io.solstice.engine.control.WorkerReport;
import io.solstice.engine.coordinator.CoordinatorLaunch;
import io.solstice.engine.coordinator.CoordinatorRequest;
import io.solstice.engine.coordinator.JobCoordinator;
import io.solstice.engine.graph.JobGraph;
import io.solstice.engine.graph.StageSpec;
import io.solstice.engine.host.ExecutorClient;
import io.solstice.engine.host.ExecutorLostException;
import io.solstice.engine.host.HostedQueueTransport;
import io.solstice.engine.queue.QueueTransport;
import io.solstice.engine.queue.TopicNames;
import io.solstice.engine.queue.TransportConfig;
import io.solstice.engine.queue.kafka.KafkaQueueTransport;
import io.solstice.engine.ray.RaySession;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one job graph on Ray from the driver: opens the job on its executors, starts its coordinator
 * and stage masters, seeds the source edges, waits for the stages, stops everything on the first
 * failure or on cancellation, and cleans up topics, executors and the Ray runtime.
 */
public final class JobExecution {
  private static final Logger LOG = LoggerFactory.getLogger(JobExecution.class);
  private static final long WAIT_SLICE_MILLIS = 200;
  private static final long HEALTH_CHECK_MILLIS = 3_000;

  private final JobGraph graph;
  private final EngineConfig config;
  private final String jobId;
  private final AutoCloseable ownedResource;
  private final List<WorkerReport> reports = new CopyOnWriteArrayList<>();
  private final CountDownLatch finished = new CountDownLatch(1);
  private volatile JobState state = JobState.RUNNING;
  private volatile Throwable failure;
  private volatile boolean cancelRequested;
  private volatile long payloadsLeftAtEnd;
  private volatile long completedCheckpoints;
  private volatile int unfinishedWorkers;
  private ExecutorPool executors;
  private JobLayout layout;
  private QueueTransport transport;
  private List<TopicLayout> topics = List.of();
  private volatile StageSupervisor stages;

  private JobExecution(JobGraph graph, EngineConfig config, AutoCloseable ownedResource) {
    this.graph = graph;
    this.config = config;
    this.jobId = TopicNames.sanitize(graph.name()) + "-" + UUID.randomUUID().toString().substring(0, 8);
    this.ownedResource = ownedResource;
  }

  /** Starts the job and returns at once; use {@link #waitUntilFinish(Duration)} to wait. */
  public static JobExecution start(JobGraph graph, EngineConfig config) {
    return start(graph, config, null);
  }

  /**
   * Starts the job; {@code ownedResource} (an embedded broker, say) is closed once the job has
   * ended and cleaned up.
   */
  public static JobExecution start(JobGraph graph, EngineConfig config, AutoCloseable ownedResource) {
    int workers = workerCount(graph);
    if (workers > config.maxWorkers()) {
      throw new IllegalArgumentException(
          String.format(
              "Job %s needs %d workers (%d stages), more than the limit of %d. Lower the"
                  + " parallelism or raise the worker limit.",
              graph.name(), workers, graph.stages().size(), config.maxWorkers()));
    }
    JobExecution job = new JobExecution(graph, config, ownedResource);
    RaySession.acquire(config);
    try {
      job.open();
    } catch (RuntimeException e) {
      job.recordFailure(e);
      job.cleanUp();
      throw e;
    }
    Thread monitor = new Thread(job::monitor, "solstice-job-" + job.jobId);
    monitor.setDaemon(true);
    monitor.start();
    LOG.info(
        "Started job {}: {} stages, {} workers, {} edges, {} executor(s)",
        job.jobId,
        graph.stages().size(),
        workers,
        graph.edges().size(),
        job.executors.size());
    return job;
  }

  private static int workerCount(JobGraph graph) {
    return graph.stages().stream().mapToInt(StageSpec::parallelism).sum();
  }

  /** Opens the job on its executors, creates its topics and starts its coordinator. */
  private void open() {
    executors = ExecutorPool.open(jobId, config);
    layout = new JobLayout(jobId, graph, executors.size());
    topics = layout.topics();
    long clockStart = System.currentTimeMillis();
    byte[] setup = Serialization.toBytes(new JobSetup(jobId, config, executors.names(), topics, clockStart));
    transport = driverTransport();
    for (ExecutorClient executor : executors.directory().all()) {
      executor.openJob(jobId, setup);
    }
    RoleAddress coordinator = layout.coordinator();
    executors
        .directory()
        .client(coordinator.executor())
        .startRole(
            jobId,
            coordinator.role(),
            JobCoordinator.class,
            new CoordinatorLaunch(workerCount(graph), config.checkpointIntervalMillis(), clockStart));
  }

  /** The driver's transport: it creates Kafka topics, and seeds the source edges. */
  private QueueTransport driverTransport() {
    TransportConfig transportConfig = config.transport();
    if (transportConfig.kind() != TransportConfig.Kind.KAFKA) {
      return HostedQueueTransport.forDriver(jobId, executors.directory(), topics);
    }
    KafkaQueueTransport kafka =
        new KafkaQueueTransport(
            transportConfig.bootstrapServers(), transportConfig.keepTopics(), config.partitionCapacity(), config.maxBundleSplits());
    for (TopicLayout topic : topics) {
      kafka.createTopic(topic.topic(), topic.partitions(), topic.group());
    }
    return kafka;
  }

  public String jobId() {
    return jobId;
  }

  public JobState state() {
    return state;
  }

  /** The first failure of the job, or null. */
  public Throwable failure() {
    return failure;
  }

  /** Waits up to {@code timeout} (forever if null); returns the state then. */
  public JobState waitUntilFinish(Duration timeout) throws InterruptedException {
    if (timeout == null) {
      finished.await();
    } else {
      finished.await(Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS);
    }
    return state;
  }

  public void cancel() {
    if (state.isTerminal()) {
      return;
    }
    cancelRequested = true;
    StageSupervisor supervisor = stages;
    if (supervisor != null) {
      supervisor.cancelAll();
    }
  }

  /** The job's executors: index, Ray actor name, process id and node. */
  public List<String> executors() {
    List<String> descriptions = new ArrayList<>();
    if (executors != null) {
      for (ExecutorClient executor : executors.directory().all()) {
        descriptions.add(executor.description());
      }
    }
    return descriptions;
  }

  /** Final reports of every worker; complete once the job is terminal. */
  public List<WorkerReport> workerReports() {
    return List.copyOf(reports);
  }

  /** Split payloads still held when the job ended (then freed); 0 unless something leaked. */
  public long payloadsLeftAtEnd() {
    return payloadsLeftAtEnd;
  }

  /** How many checkpoints have completed (aligned through every running worker). */
  public long completedCheckpoints() {
    if (state.isTerminal()) {
      return completedCheckpoints;
    }
    try {
      return askCompletedCheckpoints();
    } catch (RuntimeException e) {
      return completedCheckpoints;
    }
  }

  private long askCompletedCheckpoints() {
    RoleAddress coordinator = layout.coordinator();
    return (Long)
        executors
            .directory()
            .client(coordinator.executor())
            .ask(jobId, coordinator.role(), new CoordinatorRequest.CompletedCheckpoints());
  }

  /** Live counters and metrics of every stage; empty once the job has ended. */
  public List<StageProgress> progress() {
    StageSupervisor supervisor = stages;
    if (state.isTerminal() || supervisor == null) {
      return new ArrayList<>();
    }
    return supervisor.progress();
  }

  private void monitor() {
    Thread seeder = null;
    try {
      StageSupervisor supervisor = new StageSupervisor(jobId, graph, layout, executors.directory(), config);
      stages = supervisor;
      supervisor.start();
      if (cancelRequested) {
        supervisor.cancelAll();
      }
      seeder = new Thread(this::seed, "solstice-seed-" + jobId);
      seeder.setDaemon(true);
      seeder.start();
      waitForStages(supervisor);
    } catch (Throwable t) {
      if (!(t instanceof IllegalStateException && t.getCause() instanceof ExecutorLostException)) {
        LOG.error("Job {} failed in its driver", jobId, t);
      }
      recordFailure(t);
      StageSupervisor supervisor = stages;
      if (supervisor != null) {
        supervisor.cancelAll();
      }
    } finally {
      if (seeder != null) {
        seeder.interrupt();
      }
      cleanUp();
      state = failure != null ? JobState.FAILED : cancelRequested ? JobState.CANCELLED : JobState.DONE;
      LOG.info("Job {} finished: {}", jobId, state);
      finished.countDown();
    }
  }

  private void waitForStages(StageSupervisor supervisor) {
    ProgressLog progressLog = new ProgressLog(jobId);
    long nextProgress = System.currentTimeMillis() + config.progressIntervalMillis();
    long nextHealthCheck = System.currentTimeMillis() + HEALTH_CHECK_MILLIS;
    while (supervisor.running()) {
      supervisor.awaitSome(WAIT_SLICE_MILLIS, this::stageEnded);
      long now = System.currentTimeMillis();
      if (now >= nextHealthCheck && supervisor.running() && failure == null) {
        checkTransport(supervisor);
        nextHealthCheck = now + HEALTH_CHECK_MILLIS;
      }
      if (now >= nextProgress && supervisor.running()) {
        progressLog.log(supervisor.progress());
        nextProgress = now + config.progressIntervalMillis();
      }
    }
  }

  private void stageEnded(StageReport report) {
    reports.addAll(report.workers());
    unfinishedWorkers += report.unfinishedWorkers();
    for (WorkerReport worker : report.workers()) {
      if (worker.status() == WorkerReport.Status.FAILED) {
        recordFailure(worker.failure().toThrowable());
      }
    }
    if (failure != null && !cancelRequested) {
      stages.cancelAll();
    }
  }

  /** A broker that dies mid-job fails the job, rather than leaving readers waiting forever. */
  private void checkTransport(StageSupervisor supervisor) {
    try {
      transport.checkHealth();
    } catch (RuntimeException e) {
      LOG.error("Job {}: its queue transport failed", jobId, e);
      recordFailure(e);
      supervisor.cancelAll();
    }
  }

  private void seed() {
    Map<String, TopicLayout> byName = new HashMap<>();
    topics.forEach(t -> byName.put(t.topic(), t));
    JobSeeder seeder =
        new JobSeeder(jobId, graph, transport, executors.directory(), byName, layout.coordinator(), config);
    try {
      seeder.seedAll();
    } catch (InterruptedException e) {
      LOG.debug("Seeding of job {} interrupted", jobId);
    } catch (RuntimeException e) {
      if (!state.isTerminal() && failure == null && !cancelRequested) {
        recordFailure(e instanceof ExecutorLostException && stages != null ? stages.lost((ExecutorLostException) e) : e);
        StageSupervisor supervisor = stages;
        if (supervisor != null) {
          supervisor.cancelAll();
        }
      }
    }
  }

  private synchronized void recordFailure(Throwable t) {
    if (failure == null) {
      failure = t;
    }
  }

  /** Ends the job on every executor, deletes its topics, stops its executors, releases Ray. */
  private void cleanUp() {
    try {
      if (executors != null) {
        try {
          completedCheckpoints = askCompletedCheckpoints();
        } catch (RuntimeException e) {
          LOG.debug("Job {}: no checkpoint count from its coordinator", jobId, e);
        }
        long payloads = 0;
        for (ExecutorClient executor : executors.directory().all()) {
          try {
            payloads += executor.closeJob(jobId);
          } catch (RuntimeException e) {
            LOG.debug("Job {}: could not close it on {}", jobId, executor.description(), e);
          }
        }
        payloadsLeftAtEnd = payloads;
        if (payloads > 0 && failure == null && !cancelRequested) {
          LOG.warn("Job {} ended with {} split payloads never consumed", jobId, payloads);
        }
      }
      if (transport != null) {
        List<String> names = new ArrayList<>();
        topics.forEach(t -> names.add(t.topic()));
        transport.deleteTopics(names);
        transport.close();
      }
    } finally {
      if (executors != null) {
        executors.release(failure != null);
      }
      if (unfinishedWorkers > 0) {
        LOG.warn("Job {}: {} worker thread(s) did not stop", jobId, unfinishedWorkers);
      }
      RaySession.release();
      closeOwnedResource();
    }
  }

  private void closeOwnedResource() {
    if (ownedResource != null) {
      try {
        ownedResource.close();
      } catch (Exception e) {
        LOG.warn("Job {}: closing {} failed", jobId, ownedResource, e);
      }
    }
  }
}
