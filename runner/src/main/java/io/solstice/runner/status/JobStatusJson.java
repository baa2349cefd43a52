package io.solstice.runner.status;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.solstice.engine.control.StageProgress;
import io.solstice.engine.control.MemoryUse;
import io.solstice.engine.control.WorkerProgress;
import io.solstice.engine.coordinator.CompletedCheckpoint;
import io.solstice.engine.coordinator.FailedCheckpoint;
import io.solstice.engine.graph.EdgeSpec;
import io.solstice.engine.graph.JobGraph;
import io.solstice.engine.graph.StageSpec;
import io.solstice.engine.job.CheckpointHistory;
import io.solstice.engine.job.JobExecution;
import io.solstice.engine.operator.Watermarks;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.beam.sdk.metrics.DistributionResult;
import org.apache.beam.sdk.metrics.GaugeResult;
import org.apache.beam.sdk.metrics.MetricQueryResults;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricResults;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.apache.beam.sdk.util.UserCodeException;

/**
 * What the status server says about one job, as JSON: the job, its stage graph with live counters,
 * its Beam metrics and its checkpoints. Counters are totals; the page works out rates from
 * successive reads, each stamped with the time it was taken.
 */
final class JobStatusJson {
  private static final int MAX_STACK_TRACE_CHARS = 20_000;

  private final ObjectMapper mapper = new ObjectMapper();
  private final JobExecution job;
  private final Supplier<MetricResults> metrics;
  private final Map<Integer, List<String>> steps;

  /** @param steps per stage id, the names of the transforms fused into it */
  JobStatusJson(JobExecution job, Supplier<MetricResults> metrics, Map<Integer, List<String>> steps) {
    this.job = job;
    this.metrics = metrics;
    this.steps = steps;
  }

  ObjectMapper mapper() {
    return mapper;
  }

  ObjectNode job() {
    ObjectNode node = stamped();
    node.put("id", job.jobId());
    node.put("name", job.graph().name());
    node.put("state", job.state().toString());
    node.put("startMillis", job.startMillis());
    node.put("restarts", job.restarts());
    node.put("failure", job.failure() == null ? null : userFailure(job.failure()).toString());
    ArrayNode failures = node.putArray("failures");
    int attempt = 1;
    for (Throwable failure : job.attemptFailures()) {
      ObjectNode f = failures.addObject();
      f.put("attempt", attempt++);
      f.put("message", userFailure(failure).toString());
      f.put("stackTrace", stackTrace(userFailure(failure)));
    }
    ArrayNode executors = node.putArray("executors");
    job.executors().forEach(executors::add);
    return node;
  }

  /** The user's exception where user code failed, as PipelineResult reports it; else the failure. */
  private static Throwable userFailure(Throwable failure) {
    return failure instanceof UserCodeException && failure.getCause() != null ? failure.getCause() : failure;
  }

  private static String stackTrace(Throwable failure) {
    StringWriter text = new StringWriter();
    failure.printStackTrace(new PrintWriter(text));
    return text.toString().length() <= MAX_STACK_TRACE_CHARS ? text.toString() : text.toString().substring(0, MAX_STACK_TRACE_CHARS) + "\n\t...";
  }

  /** The stage graph (stages with their workers' counters, and the edges between them). */
  ObjectNode stages() {
    ObjectNode node = stamped();
    JobGraph graph = job.graph();
    Map<Integer, StageProgress> progress = new HashMap<>();
    job.progress().forEach(stage -> progress.put(stage.stage(), stage));
    ArrayNode stages = node.putArray("stages");
    for (StageSpec stage : graph.stages()) {
      stages.add(stage(stage, progress.get(stage.id()), graph.seedCount(stage.id())));
    }
    ArrayNode edges = node.putArray("edges");
    for (EdgeSpec edge : graph.edges()) {
      ObjectNode e = edges.addObject();
      e.put("id", edge.id());
      e.put("name", edge.name());
      e.put("from", edge.isSeeded() ? null : edge.producerStage());
      e.put("to", edge.consumerStage());
      e.put("partitioning", edge.partitioning().toString());
      e.put("partitions", edge.partitions());
    }
    return node;
  }

  private ObjectNode stage(StageSpec spec, StageProgress progress, int seeds) {
    ObjectNode node = mapper.createObjectNode();
    node.put("id", spec.id());
    node.put("name", spec.name());
    node.put("parallelism", spec.parallelism());
    ArrayNode stepNames = node.putArray("steps");
    steps.getOrDefault(spec.id(), List.of()).forEach(stepNames::add);
    node.put("seeds", seeds);
    long splitsIn = 0;
    long elementsIn = 0;
    long bytesIn = 0;
    long elementsOut = 0;
    long bytesOut = 0;
    long inputWatermark = Long.MAX_VALUE;
    long sendMillis = 0;
    long idleMillis = 0;
    long inputBacklog = 0;
    ArrayNode workers = node.putArray("workers");
    for (WorkerProgress worker : progress == null ? List.<WorkerProgress>of() : progress.workers()) {
      ObjectNode w = workers.addObject();
      w.put("index", worker.worker());
      w.put("state", worker.state());
      w.put("elementsIn", worker.elementsIn());
      w.put("elementsOut", worker.elementsOut());
      w.put("inputWatermark", Watermarks.format(worker.inputWatermark()));
      splitsIn += worker.splitsIn();
      elementsIn += worker.elementsIn();
      bytesIn += worker.bytesIn();
      elementsOut += worker.elementsOut();
      bytesOut += worker.bytesOut();
      inputWatermark = Math.min(inputWatermark, worker.inputWatermark());
      sendMillis += worker.sendMillis();
      idleMillis += worker.idleMillis();
      inputBacklog += worker.inputBacklog();
    }
    node.put("spilledBytes", progress == null ? 0 : progress.spilledBytes());
    MemoryUse fullest = progress == null ? MemoryUse.NONE : progress.fullestHeap();
    node.put("heapUsedBytes", fullest.heapUsedBytes());
    node.put("heapMaxBytes", fullest.heapMaxBytes());
    node.put("inputBacklog", inputBacklog);
    node.put("sendMillis", sendMillis);
    node.put("idleMillis", idleMillis);
    node.put("splitsIn", splitsIn);
    node.put("elementsIn", elementsIn);
    node.put("bytesIn", bytesIn);
    node.put("elementsOut", elementsOut);
    node.put("bytesOut", bytesOut);
    node.put("inputWatermark", progress == null ? "n/a" : Watermarks.format(inputWatermark));
    long now = System.currentTimeMillis();
    boolean tracksTime = progress != null && inputWatermark > Watermarks.START && inputWatermark < Watermarks.END && inputWatermark <= now;
    // How far event time is behind the clock, for sources whose event time is the clock's.
    node.put("lagMillis", tracksTime ? Long.valueOf(now - inputWatermark) : null);
    return node;
  }

  /** The job's Beam metrics, attempted values (committed ones are not supported). */
  ObjectNode metrics() {
    ObjectNode node = stamped();
    MetricQueryResults results = metrics.get().queryMetrics(MetricsFilter.builder().build());
    ArrayNode counters = node.putArray("counters");
    for (MetricResult<Long> counter : results.getCounters()) {
      metric(counters, counter).put("value", counter.getAttempted());
    }
    ArrayNode distributions = node.putArray("distributions");
    for (MetricResult<DistributionResult> distribution : results.getDistributions()) {
      DistributionResult value = distribution.getAttempted();
      ObjectNode d = metric(distributions, distribution);
      d.put("count", value.getCount());
      d.put("sum", value.getSum());
      d.put("min", value.getMin());
      d.put("max", value.getMax());
    }
    ArrayNode gauges = node.putArray("gauges");
    for (MetricResult<GaugeResult> gauge : results.getGauges()) {
      metric(gauges, gauge).put("value", gauge.getAttempted().getValue());
    }
    return node;
  }

  private static ObjectNode metric(ArrayNode into, MetricResult<?> result) {
    ObjectNode node = into.addObject();
    node.put("step", result.getKey().stepName());
    node.put("namespace", result.getName().getNamespace());
    node.put("name", result.getName().getName());
    return node;
  }

  /** The job's checkpoints: the one in flight, and the completed and failed ones, oldest first. */
  ObjectNode checkpoints() {
    ObjectNode node = stamped();
    CheckpointHistory history = job.checkpointHistory();
    node.put("completed", history.completedCount());
    if (history.inFlight() != 0) {
      node.putObject("inFlight").put("id", history.inFlight()).put("sinceMillis", history.inFlightSinceMillis());
    } else {
      node.putNull("inFlight");
    }
    ArrayNode failed = node.putArray("failed");
    for (FailedCheckpoint checkpoint : history.failed()) {
      failed.addObject().put("id", checkpoint.id()).put("failedAtMillis", checkpoint.failedAtMillis()).put("reason", checkpoint.reason());
    }
    ArrayNode list = node.putArray("checkpoints");
    for (CompletedCheckpoint checkpoint : history.completed()) {
      ObjectNode c = list.addObject();
      c.put("id", checkpoint.id());
      c.put("completedAtMillis", checkpoint.completedAtMillis());
      c.put("durationMillis", checkpoint.durationMillis());
      c.put("longestAlignmentMillis", checkpoint.longestAlignmentMillis());
      c.put("bytes", checkpoint.bytes());
      c.put("workers", checkpoint.workers());
    }
    return node;
  }

  private ObjectNode stamped() {
    ObjectNode node = mapper.createObjectNode();
    node.put("nowMillis", System.currentTimeMillis());
    return node;
  }
}
