package io.solstice.engine.job;

import io.solstice.engine.payload.PayloadStore;
import io.solstice.engine.queue.QueueTransport;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The queue transport and payload store of a running job. Workers find them by job id in this JVM,
 * which is where every actor runs in Ray's local mode.
 */
public final class JobServices {
  private static final Map<String, JobServices> RUNNING = new ConcurrentHashMap<>();

  private final QueueTransport transport;
  private final PayloadStore payloads;
  private final JobActivity activity;
  private final CheckpointCoordinator checkpoints;

  public JobServices(
      QueueTransport transport,
      PayloadStore payloads,
      JobActivity activity,
      CheckpointCoordinator checkpoints) {
    this.transport = transport;
    this.payloads = payloads;
    this.activity = activity;
    this.checkpoints = checkpoints;
  }

  public CheckpointCoordinator checkpoints() {
    return checkpoints;
  }

  public JobActivity activity() {
    return activity;
  }

  public QueueTransport transport() {
    return transport;
  }

  public PayloadStore payloads() {
    return payloads;
  }

  static void register(String jobId, JobServices services) {
    if (RUNNING.putIfAbsent(jobId, services) != null) {
      throw new IllegalStateException("Job " + jobId + " is already running");
    }
  }

  static void unregister(String jobId) {
    RUNNING.remove(jobId);
  }

  public static JobServices lookup(String jobId) {
    JobServices services = RUNNING.get(jobId);
    if (services == null) {
      throw new IllegalStateException(
          "Job "
              + jobId
              + " has no queue or payload store in this JVM. The in-process transport needs Ray's"
              + " local mode, where every worker runs in the driver's JVM.");
    }
    return services;
  }
}
