package io.solstice.engine.job;

import io.solstice.engine.control.PartitionOwnership;
import io.solstice.engine.control.RoleAddress;
import io.solstice.engine.control.RoleIds;
import io.solstice.engine.control.TopicLayout;
import io.solstice.engine.graph.EdgeSpec;
import io.solstice.engine.graph.JobGraph;
import io.solstice.engine.graph.StageSpec;
import io.solstice.engine.queue.TopicNames;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a job's roles and partitions go among its executors. Worker i of every stage goes to
 * executor i mod n, as a Flink slot holds one subtask of each operator: forward edges then stay
 * within an executor. A partition lives with the worker that reads it; stage masters are spread
 * round-robin; the coordinator sits on executor 0.
 */
final class JobLayout {
  private final JobGraph graph;
  private final String jobId;
  private final int executors;

  JobLayout(String jobId, JobGraph graph, int executors) {
    if (executors < 1) {
      throw new IllegalArgumentException("A job needs at least one executor");
    }
    this.jobId = jobId;
    this.graph = graph;
    this.executors = executors;
  }

  int executors() {
    return executors;
  }

  int workerExecutor(int stageIndexInStage) {
    return stageIndexInStage % executors;
  }

  /** Where each worker the stage can have goes (an elastic stage's up to its most). */
  List<Integer> workerExecutors(StageSpec stage) {
    List<Integer> placement = new ArrayList<>();
    for (int i = 0; i < stage.maxWorkers(); i++) {
      placement.add(workerExecutor(i));
    }
    return placement;
  }

  RoleAddress master(StageSpec stage) {
    return new RoleAddress(Math.floorMod(stage.id(), executors), RoleIds.master(stage.id()));
  }

  RoleAddress coordinator() {
    return new RoleAddress(0, RoleIds.COORDINATOR);
  }

  /** Every edge's topic, its partitions hosted by the executor of the worker that reads them. */
  List<TopicLayout> topics() {
    List<TopicLayout> topics = new ArrayList<>();
    for (EdgeSpec edge : graph.edges()) {
      int readers = graph.stage(edge.consumerStage()).parallelism();
      int[] hosts = new int[edge.partitions()];
      for (int p = 0; p < hosts.length; p++) {
        hosts[p] = workerExecutor(PartitionOwnership.reader(p, readers));
      }
      topics.add(new TopicLayout(TopicNames.topic(jobId, edge), TopicNames.group(jobId, edge.consumerStage()), hosts));
    }
    return topics;
  }

  /** What runs on executor {@code index}, for the message when it is lost. */
  String hostedOn(int index) {
    List<String> roles = new ArrayList<>();
    if (coordinator().executor() == index) {
      roles.add("the job coordinator");
    }
    for (StageSpec stage : graph.stages()) {
      if (master(stage).executor() == index) {
        roles.add("the master of stage '" + stage.name() + "'");
      }
      for (int i = 0; i < stage.parallelism(); i++) {
        if (workerExecutor(i) == index) {
          roles.add("stage '" + stage.name() + "' worker " + i);
        }
      }
    }
    return String.join(", ", roles);
  }
}
