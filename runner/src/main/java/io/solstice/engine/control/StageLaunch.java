package io.solstice.engine.control;

import io.solstice.engine.EngineConfig;
import io.solstice.engine.fault.FaultInjector;
import io.solstice.engine.fault.FaultPlan;
import io.solstice.engine.graph.EdgeSpec;
import io.solstice.engine.graph.StageSpec;
import java.io.Serializable;
import java.util.List;

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
  private final List<EdgeSpec> outputs;
  private final List<Integer> workerExecutors;
  private final RoleAddress coordinator;
  private final EngineConfig config;
  private final String checkpointJob;
  private final StageRestore restore;
  private final FaultPlan faults;

  public StageLaunch(
      String jobId,
      StageSpec stage,
      List<EdgeSpec> inputs,
      List<Integer> inputProducerCounts,
      List<EdgeSpec> outputs,
      List<Integer> workerExecutors,
      RoleAddress coordinator,
      EngineConfig config,
      String checkpointJob,
      StageRestore restore,
      FaultPlan faults) {
    if (workerExecutors.size() != stage.parallelism()) {
      throw new IllegalArgumentException(stage + " has " + workerExecutors.size() + " worker placements");
    }
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

  /** Distinct writers of each input edge, in input order. */
  public List<Integer> inputProducerCounts() {
    return inputProducerCounts;
  }

  public List<EdgeSpec> outputs() {
    return outputs;
  }

  /** The executor that hosts worker {@code index}. */
  public int workerExecutor(int index) {
    return workerExecutors.get(index);
  }

  public RoleAddress coordinator() {
    return coordinator;
  }

  public EngineConfig config() {
    return config;
  }

  /** The role id of worker {@code index} of this stage. */
  public String workerRole(int index) {
    return RoleIds.worker(stage.id(), index);
  }

  /** Worker {@code index}'s part of the launch. */
  public WorkerLaunch forWorker(int index) {
    return new WorkerLaunch(this, index);
  }
}
