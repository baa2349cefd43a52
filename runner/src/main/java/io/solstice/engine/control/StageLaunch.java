package io.solstice.engine.control;

import io.solstice.engine.EngineConfig;
import io.solstice.engine.fault.FaultInjector;
import io.solstice.engine.fault.FaultPlan;
import io.solstice.engine.graph.EdgeSpec;
import io.solstice.engine.graph.StageSpec;
import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * Everything the master and workers of one stage need to run: the stage, its edges, where each of
 * its workers runs, where the job's coordinator is, and the engine settings.
 */
public final class StageLaunch implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String jobId;
  private final StageSpec stage;
  private final List<EdgeSpec> inputs;
  private final List<Integer> inputProducerCounts;
  private final List<Integer> inputMaxProducerCounts;
  private final List<EdgeSpec> outputs;
  private final List<Integer> workerExecutors;
  private final RoleAddress coordinator;
  private final EngineConfig config;
  private final String checkpointJob;
  private final StageRestore restore;
  private final FaultPlan faults;
  private final int generation;
  private final Map<Integer, Integer> seedCounts;

  /**
   * @param inputProducerCounts per input, its producers at the start
   * @param inputMaxProducerCounts per input, the most producers it can have (an elastic producer's
   *     largest pool)
   * @param workerExecutors where worker i runs: entry i mod size, so that an elastic stage places
   *     any number of workers
   * @param seedCounts per seeded input edge id, how many seeds the driver writes to it
   */
  public StageLaunch(
      String jobId,
      StageSpec stage,
      List<EdgeSpec> inputs,
      List<Integer> inputProducerCounts,
      List<Integer> inputMaxProducerCounts,
      List<EdgeSpec> outputs,
      List<Integer> workerExecutors,
      RoleAddress coordinator,
      EngineConfig config,
      String checkpointJob,
      StageRestore restore,
      FaultPlan faults,
      Map<Integer, Integer> seedCounts) {
    this(jobId, stage, inputs, inputProducerCounts, inputMaxProducerCounts, outputs, workerExecutors, coordinator,
        config, checkpointJob, restore, faults, seedCounts, 0);
  }

  private StageLaunch(
      String jobId,
      StageSpec stage,
      List<EdgeSpec> inputs,
      List<Integer> inputProducerCounts,
      List<Integer> inputMaxProducerCounts,
      List<EdgeSpec> outputs,
      List<Integer> workerExecutors,
      RoleAddress coordinator,
      EngineConfig config,
      String checkpointJob,
      StageRestore restore,
      FaultPlan faults,
      Map<Integer, Integer> seedCounts,
      int generation) {
    this.seedCounts = Map.copyOf(seedCounts);
    if (workerExecutors.isEmpty()) {
      throw new IllegalArgumentException(stage + " has no worker placements");
    }
    this.inputMaxProducerCounts = List.copyOf(inputMaxProducerCounts);
    this.generation = generation;
    this.jobId = jobId;
    this.stage = stage;
    this.inputs = List.copyOf(inputs);
    this.inputProducerCounts = List.copyOf(inputProducerCounts);
    this.outputs = List.copyOf(outputs);
    this.workerExecutors = List.copyOf(workerExecutors);
    this.coordinator = coordinator;
    this.config = config;
    this.checkpointJob = checkpointJob;
    this.restore = restore;
    this.faults = faults;
  }

  /** The job directory, under the checkpoint location, this job's checkpoints go to. */
  public String checkpointJob() {
    return checkpointJob;
  }

  /** Where the stage's state comes from, or null for a fresh start. */
  public StageRestore restore() {
    return restore;
  }

  /**
   * The fault injector of worker {@code worker} of this stage, or of its master ({@code worker}
   * -1): faults of this attempt only (trials), which halt the process in cluster mode.
   */
  public FaultInjector faultInjector(int worker) {
    return faults.injector(stage.name(), worker, config.rayMode() == EngineConfig.RayMode.CLUSTER);
  }

  public String jobId() {
    return jobId;
  }

  public StageSpec stage() {
    return stage;
  }

  public List<EdgeSpec> inputs() {
    return inputs;
  }

  /** Distinct writers of each input edge at the start, in input order. */
  public List<Integer> inputProducerCounts() {
    return inputProducerCounts;
  }

  /** The most writers each input edge can have, in input order. */
  public List<Integer> inputMaxProducerCounts() {
    return inputMaxProducerCounts;
  }

  /** How many seeds the driver writes to seeded input edge {@code edgeId}. */
  public int seedCount(int edgeId) {
    return seedCounts.getOrDefault(edgeId, 0);
  }

  /** Which of the stage's pools this is: 0 at the start, one more at each rescale. */
  public int generation() {
    return generation;
  }

  /**
   * The launch of the pool that replaces this one at a rescale: {@code workers} workers, restoring
   * from the old pool's state at the rescale's checkpoint.
   */
  public StageLaunch rescaled(int workers, StageRestore from) {
    return new StageLaunch(
        jobId, stage.withParallelism(workers), inputs, inputProducerCounts, inputMaxProducerCounts, outputs,
        workerExecutors, coordinator, config, checkpointJob, from, faults, seedCounts, generation + 1);
  }

  public List<EdgeSpec> outputs() {
    return outputs;
  }

  /** The executor that hosts worker {@code index}. */
  public int workerExecutor(int index) {
    return workerExecutors.get(index % workerExecutors.size());
  }

  public RoleAddress coordinator() {
    return coordinator;
  }

  public EngineConfig config() {
    return config;
  }

  /** The role id of worker {@code index} of this stage. */
  public String workerRole(int index) {
    return RoleIds.worker(stage.id(), index, generation);
  }

  /**
   * Worker {@code index}'s name with the coordinator and in checkpoints: the same in every pool,
   * since a rescaled pool's old workers have all left before the new ones start.
   */
  public String workerId(int index) {
    return stage.id() + "/" + index;
  }

  /** Worker {@code index}'s part of the launch. */
  public WorkerLaunch forWorker(int index) {
    return new WorkerLaunch(this, index, null);
  }

  /** Worker {@code index} of a rescaled pool, with what it takes over from the old pool. */
  public WorkerLaunch forWorker(int index, InputHandover handover) {
    return new WorkerLaunch(this, index, handover);
  }
}
