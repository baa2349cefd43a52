package io.solstice.engine.job;

import io.ray.api.ActorHandle;
import io.ray.api.ObjectRef;
import io.ray.api.Ray;
import io.ray.api.WaitResult;
import io.solstice.engine.EngineConfig;
import io.solstice.engine.RayCalls;
import io.solstice.engine.Serialization;
import io.solstice.engine.graph.EdgeSpec;
import io.solstice.engine.graph.JobGraph;
import io.solstice.engine.graph.StageSpec;
import io.solstice.engine.actor.ActorIds;
import io.solstice.engine.actor.ActorSpawner;
import io.solstice.engine.actor.SolsticeActor;
import io.solstice.engine.master.StageProgress;
import io.solstice.engine.master.StageReport;
import io.solstice.engine.operator.Watermarks;
import io.solstice.engine.payload.RayObjectPayloadStore;
import io.solstice.engine.queue.QueueTransports;
import io.solstice.engine.queue.TopicNames;
import io.solstice.engine.worker.StageLaunch;
import io.solstice.engine.worker.WorkerReport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one job graph on Ray from the driver: creates the edge topics, starts a master actor per
 * stage, seeds the source edges, waits for the stages, stops everything on the first failure or on
 * cancellation, and cleans up topics, payloads and the Ray runtime.
 */
public final class JobExecution {
  private static final Logger LOG = LoggerFactory.getLogger(JobExecution.class);
  private static final int WAIT_SLICE_MILLIS = 200;
  private static final long PROGRESS_TIMEOUT_MILLIS = 10_000;
  private static final long HEALTH_CHECK_MILLIS = 3_000;

  private final JobGraph graph;
  private final EngineConfig config;
  private final String jobId;
  private final JobServices services;
  /** Per stage: elements in and the time at the last progress log, for elements/s. */
  private final Map<Integer, long[]> lastProgress = new HashMap<>();
  private final Map<Integer, ActorHandle<SolsticeActor>> masters = new LinkedHashMap<>();
  private final List<WorkerReport> reports = new CopyOnWriteArrayList<>();
  private final CountDownLatch finished = new CountDownLatch(1);
  private volatile JobState state = JobState.RUNNING;
  private volatile Throwable failure;
  private volatile boolean cancelRequested;
  private volatile long payloadsLeftAtEnd;
  private volatile int unfinishedWorkers;
  private final AutoCloseable ownedResource;

  private JobExecution(JobGraph graph, EngineConfig config, AutoCloseable ownedResource) {
    this.graph = graph;
    this.config = config;
    this.jobId = TopicNames.sanitize(graph.name()) + "-" + UUID.randomUUID().toString().substring(0, 8);
    this.ownedResource = ownedResource;
    this.services =
        new JobServices(
            QueueTransports.create(config),
            new RayObjectPayloadStore(),
            new JobActivity(config.manualClock()),
            new CheckpointCoordinator(
                jobId,
                graph.stages().stream().mapToInt(StageSpec::parallelism).sum(),
                config.checkpointIntervalMillis()));
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
    int workers = graph.stages().stream().mapToInt(StageSpec::parallelism).sum();
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
      JobServices.register(job.jobId, job.services);
      for (EdgeSpec edge : graph.edges()) {
        job.services
            .transport()
            .createTopic(
                TopicNames.topic(job.jobId, edge),
                edge.partitions(),
                TopicNames.group(job.jobId, edge.consumerStage()));
      }
    } catch (RuntimeException e) {
      job.cleanUp();
      throw e;
    }
    Thread monitor = new Thread(job::monitor, "solstice-job-" + job.jobId);
    monitor.setDaemon(true);
    monitor.start();
    LOG.info(
        "Started job {}: {} stages, {} workers, {} edges",
        job.jobId,
        graph.stages().size(),
        workers,
        graph.edges().size());
    return job;
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
    cancelMasters();
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
    return services.checkpoints().completedCount();
  }

  /** Live counters and metrics of every stage; empty once the job has ended. */
  public List<StageProgress> progress() {
    List<StageProgress> progress = new ArrayList<>();
    if (state.isTerminal()) {
      return progress;
    }
    for (Map.Entry<Integer, ActorHandle<SolsticeActor>> master : masterHandles().entrySet()) {
      try {
        String id = ActorIds.master(jobId, master.getKey());
        byte[] bytes =
            RayCalls.getAndFree(master.getValue().task(SolsticeActor::progress, id).remote(), PROGRESS_TIMEOUT_MILLIS);
        progress.add(Serialization.fromBytes(bytes, StageProgress.class));
      } catch (RuntimeException e) {
        LOG.debug("No progress from a stage master of job {}", jobId, e);
      }
    }
    return progress;
  }

  private synchronized Map<Integer, ActorHandle<SolsticeActor>> masterHandles() {
    return new LinkedHashMap<>(masters);
  }

  private void monitor() {
    Thread seeder = null;
    try {
      Map<ObjectRef<byte[]>, StageSpec> running = launchMasters();
      if (cancelRequested) {
        cancelMasters();
      }
      seeder = new Thread(this::seed, "solstice-seed-" + jobId);
      seeder.setDaemon(true);
      seeder.start();
      waitForStages(running);
    } catch (Throwable t) {
      LOG.error("Job {} failed in its driver", jobId, t);
      recordFailure(t);
      cancelMasters();
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

  /**
   * Creates every actor of the job (a master and its workers per stage) before calling any, as
   * {@link ActorSpawner} requires, then starts the masters.
   */
  private Map<ObjectRef<byte[]>, StageSpec> launchMasters() {
    Map<Integer, byte[]> launches = new LinkedHashMap<>();
    for (StageSpec stage : graph.topologicalOrder()) {
      List<EdgeSpec> inputs = new ArrayList<>();
      List<Integer> producers = new ArrayList<>();
      for (int id : stage.inputEdges()) {
        EdgeSpec edge = graph.edge(id);
        inputs.add(edge);
        producers.add(graph.producerCount(edge));
      }
      List<EdgeSpec> outputs = new ArrayList<>();
      for (int id : stage.outputEdges()) {
        outputs.add(graph.edge(id));
      }
      byte[] launch =
          Serialization.toBytes(new StageLaunch(jobId, stage, inputs, producers, outputs, config));
      launches.put(stage.id(), launch);
      for (int i = 0; i < stage.parallelism(); i++) {
        ActorSpawner.spawn(ActorIds.worker(jobId, stage.id(), i), SolsticeActor.WORKER, launch, i);
      }
      ActorHandle<SolsticeActor> master =
          ActorSpawner.spawn(ActorIds.master(jobId, stage.id()), SolsticeActor.MASTER, launch, 0);
      synchronized (this) {
        masters.put(stage.id(), master);
      }
    }
    Map<ObjectRef<byte[]>, StageSpec> running = new HashMap<>();
    for (StageSpec stage : graph.topologicalOrder()) {
      String id = ActorIds.master(jobId, stage.id());
      running.put(masters.get(stage.id()).task(SolsticeActor::run, id).remote(), stage);
    }
    return running;
  }

  private void waitForStages(Map<ObjectRef<byte[]>, StageSpec> running) {
    long nextProgress = System.currentTimeMillis() + config.progressIntervalMillis();
    long nextHealthCheck = System.currentTimeMillis() + HEALTH_CHECK_MILLIS;
    while (!running.isEmpty()) {
      WaitResult<byte[]> result = Ray.wait(new ArrayList<>(running.keySet()), 1, WAIT_SLICE_MILLIS);
      for (ObjectRef<byte[]> done : result.getReady()) {
        StageSpec stage = running.remove(done);
        StageReport report = Serialization.fromBytes(RayCalls.getAndFree(done), StageReport.class);
        reports.addAll(report.workers());
        unfinishedWorkers += report.unfinishedWorkers();
        for (WorkerReport worker : report.workers()) {
          if (worker.status() == WorkerReport.Status.FAILED) {
            recordFailure(worker.failure().toThrowable());
          }
        }
        if (failure != null && !cancelRequested) {
          cancelMasters();
        }
        LOG.debug("Stage {} of job {} ended", stage, jobId);
      }
      services.checkpoints().tick(System.currentTimeMillis());
      if (System.currentTimeMillis() >= nextHealthCheck && !running.isEmpty() && failure == null) {
        checkTransport();
        nextHealthCheck = System.currentTimeMillis() + HEALTH_CHECK_MILLIS;
      }
      if (System.currentTimeMillis() >= nextProgress && !running.isEmpty()) {
        logProgress();
        nextProgress = System.currentTimeMillis() + config.progressIntervalMillis();
      }
    }
  }

  /** A broker that dies mid-job fails the job, rather than leaving readers waiting forever. */
  private void checkTransport() {
    try {
      services.transport().checkHealth();
    } catch (RuntimeException e) {
      LOG.error("Job {}: its queue transport failed", jobId, e);
      recordFailure(e);
      cancelMasters();
    }
  }

  private void seed() {
    JobSeeder seeder = new JobSeeder(jobId, graph, services, config);
    try {
      seeder.seedAll();
    } catch (InterruptedException e) {
      LOG.debug("Seeding of job {} interrupted", jobId);
    } catch (RuntimeException e) {
      if (!state.isTerminal() && failure == null && !cancelRequested) {
        recordFailure(e);
        cancelMasters();
      }
    }
  }

  private void logProgress() {
    List<StageProgress> stages = progress();
    long now = System.currentTimeMillis();
    for (StageProgress stage : stages) {
      long in = 0;
      long out = 0;
      long bytesIn = 0;
      long watermark = Long.MAX_VALUE;
      for (var worker : stage.workers()) {
        in += worker.elementsIn();
        out += worker.elementsOut();
        bytesIn += worker.bytesIn();
        watermark = Math.min(watermark, worker.inputWatermark());
      }
      long[] previous = lastProgress.put(stage.stage(), new long[] {in, now});
      double rate = previous == null || now <= previous[1] ? 0 : (in - previous[0]) * 1000.0 / (now - previous[1]);
      LOG.info(
          "Job {} stage '{}' ({} workers): in {} elements ({} MB, {} elements/s), out {} elements,"
              + " input watermark {} (lag {})",
          jobId,
          stage.name(),
          stage.workers().size(),
          String.format("%,d", in),
          String.format("%.1f", bytesIn / 1e6),
          String.format("%,.0f", rate),
          String.format("%,d", out),
          Watermarks.format(watermark),
          watermarkLag(watermark, now));
    }
  }

  /** How far event time is behind the clock at a stage's input, for sources that track it. */
  private static String watermarkLag(long watermark, long now) {
    if (watermark <= Watermarks.START || watermark >= Watermarks.END || watermark > now) {
      return "n/a";
    }
    return String.format("%.1f s", (now - watermark) / 1000.0);
  }

  private synchronized void recordFailure(Throwable t) {
    if (failure == null) {
      failure = t;
    }
  }

  private void cancelMasters() {
    for (Map.Entry<Integer, ActorHandle<SolsticeActor>> master : masterHandles().entrySet()) {
      try {
        String id = ActorIds.master(jobId, master.getKey());
        RayCalls.getAndFree(master.getValue().task(SolsticeActor::cancel, id).remote(), PROGRESS_TIMEOUT_MILLIS);
      } catch (RuntimeException e) {
        LOG.warn("Could not cancel a stage master of job {}", jobId, e);
      }
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

  private void cleanUp() {
    try {
      List<String> topics = new ArrayList<>();
      for (EdgeSpec edge : graph.edges()) {
        topics.add(TopicNames.topic(jobId, edge));
      }
      services.transport().deleteTopics(topics);
      payloadsLeftAtEnd = services.payloads().liveCount();
      if (payloadsLeftAtEnd > 0 && failure == null && !cancelRequested) {
        LOG.warn("Job {} ended with {} split payloads never consumed", jobId, payloadsLeftAtEnd);
      }
      services.payloads().releaseAll();
      services.transport().close();
    } finally {
      JobServices.unregister(jobId);
      SolsticeActor.forget(ActorIds.jobPrefix(jobId));
      if (unfinishedWorkers > 0) {
        LOG.warn("Job {}: {} worker thread(s) did not stop", jobId, unfinishedWorkers);
      }
      RaySession.release();
      closeOwnedResource();
    }
  }
}
