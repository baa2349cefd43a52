package io.solstice.engine.job;

import io.ray.api.ObjectRef;
import io.ray.api.Ray;
import io.ray.api.WaitResult;
import io.solstice.engine.EngineConfig;
import io.solstice.engine.Serialization;
import io.solstice.engine.control.RoleAddress;
import io.solstice.engine.control.RoleRequest;
import io.solstice.engine.control.StageLaunch;
import io.solstice.engine.control.StageProgress;
import io.solstice.engine.control.StageReport;
import io.solstice.engine.control.StageRestore;
import io.solstice.engine.fault.FaultPlan;
import io.solstice.engine.graph.EdgeSpec;
import io.solstice.engine.graph.JobGraph;
import io.solstice.engine.graph.StageSpec;
import io.solstice.engine.host.ExecutorClient;
import io.solstice.engine.host.ExecutorDirectory;
import io.solstice.engine.host.ExecutorLostException;
import io.solstice.engine.master.StageMaster;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The driver's side of a job's stage masters: starts one per stage on its executor, hears how each
 * stage ended, cancels them, and gathers their progress.
 */
final class StageSupervisor {
  private static final Logger LOG = LoggerFactory.getLogger(StageSupervisor.class);
  private static final long AWAIT_MILLIS = 2_000;

  /** A started master and the pending wait for its report. */
  private static final class Master {
    final StageSpec stage;
    final RoleAddress address;
    final ExecutorClient executor;

    Master(StageSpec stage, RoleAddress address, ExecutorClient executor) {
      this.stage = stage;
      this.address = address;
      this.executor = executor;
    }
  }

  private final String jobId;
  private final JobGraph graph;
  private final JobLayout layout;
  private final ExecutorDirectory executors;
  private final EngineConfig config;
  private final String checkpointJob;
  private final IntFunction<StageRestore> restore;
  private final FaultPlan faults;
  private final Map<Integer, Master> masters = new LinkedHashMap<>();
  private final Map<ObjectRef<byte[]>, Master> waiting = new HashMap<>();

  StageSupervisor(
      String jobId,
      JobGraph graph,
      JobLayout layout,
      ExecutorDirectory executors,
      EngineConfig config,
      String checkpointJob,
      IntFunction<StageRestore> restore,
      FaultPlan faults) {
    this.faults = faults;
    this.checkpointJob = checkpointJob;
    this.restore = restore;
    this.jobId = jobId;
    this.graph = graph;
    this.layout = layout;
    this.executors = executors;
    this.config = config;
  }

  /** Starts every stage's master (which starts the stage's workers). */
  void start() {
    for (StageSpec stage : graph.topologicalOrder()) {
      List<EdgeSpec> inputs = new ArrayList<>();
      List<Integer> producers = new ArrayList<>();
      List<Integer> maxProducers = new ArrayList<>();
      Map<Integer, Integer> seedCounts = new HashMap<>();
      for (int id : stage.inputEdges()) {
        EdgeSpec edge = graph.edge(id);
        inputs.add(edge);
        producers.add(graph.producerCount(edge));
        maxProducers.add(graph.maxProducerCount(edge));
        if (edge.isSeeded()) {
          seedCounts.put(id, graph.seeds(id).size());
        }
      }
      List<EdgeSpec> outputs = new ArrayList<>();
      for (int id : stage.outputEdges()) {
        outputs.add(graph.edge(id));
      }
      StageLaunch launch =
          new StageLaunch(
              jobId,
              stage,
              inputs,
              producers,
              maxProducers,
              outputs,
              layout.workerExecutors(stage),
              layout.coordinator(),
              config,
              checkpointJob,
              restore.apply(stage.id()),
              faults,
              seedCounts);
      RoleAddress address = layout.master(stage);
      Master master = new Master(stage, address, executors.client(address.executor()));
      master.executor.startRole(jobId, address.role(), StageMaster.class, launch);
      synchronized (this) {
        masters.put(stage.id(), master);
      }
      await(master);
    }
  }

  private void await(Master master) {
    waiting.put(master.executor.awaitRole(jobId, master.address.role(), AWAIT_MILLIS), master);
  }

  boolean running() {
    return !waiting.isEmpty();
  }

  /**
   * Waits up to {@code sliceMillis} for stages to end and hands each ended stage's report to
   * {@code ended}. A master lost with its executor throws, naming what ran there.
   */
  void awaitSome(long sliceMillis, Consumer<StageReport> ended) {
    WaitResult<byte[]> result = Ray.wait(new ArrayList<>(waiting.keySet()), 1, (int) sliceMillis);
    for (ObjectRef<byte[]> done : result.getReady()) {
      Master master = waiting.remove(done);
      byte[] report;
      try {
        report = master.executor.result(done);
      } catch (RuntimeException e) {
        RuntimeException failure = master.executor.translate(e);
        if (failure instanceof ExecutorLostException) {
          throw lost((ExecutorLostException) failure);
        }
        throw failure;
      }
      // An empty array (null, as Ray hands it back in cluster mode): the stage still runs.
      if (report == null || report.length == 0) {
        await(master);
        continue;
      }
      LOG.debug("Stage {} of job {} ended", master.stage, jobId);
      ended.accept(Serialization.fromBytes(report, StageReport.class));
    }
  }

  /** The failure of a lost executor, naming every role that ran on it. */
  IllegalStateException lost(ExecutorLostException e) {
    return new IllegalStateException(
        "Job " + jobId + ": " + e.getMessage() + ". It ran " + layout.hostedOn(e.executor()) + ".", e);
  }

  /** Stops every stage: masters cancel their workers. */
  void cancelAll() {
    for (Master master : masters()) {
      try {
        master.executor.cancelRole(jobId, master.address.role());
      } catch (RuntimeException e) {
        LOG.warn("Could not cancel the master of stage '{}' of job {}: {}", master.stage.name(), jobId, e.getMessage());
      }
    }
  }

  /** Live counters and metrics of every stage still running. */
  List<StageProgress> progress() {
    List<StageProgress> progress = new ArrayList<>();
    for (Master master : masters()) {
      try {
        progress.add((StageProgress) master.executor.ask(jobId, master.address.role(), new RoleRequest.Progress()));
      } catch (RuntimeException e) {
        LOG.debug("No progress from the master of stage '{}' of job {}", master.stage.name(), jobId, e);
      }
    }
    return progress;
  }

  private synchronized List<Master> masters() {
    return new ArrayList<>(masters.values());
  }
}
