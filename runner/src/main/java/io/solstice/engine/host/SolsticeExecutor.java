package io.solstice.engine.host;

import io.solstice.engine.Serialization;
import io.solstice.engine.control.JobSetup;
import io.solstice.engine.control.Reply;
import io.solstice.engine.control.RoleRequest;
import io.solstice.engine.queue.SplitMessage;
import io.solstice.engine.queue.TopicPartition;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The engine's one Ray actor class: an executor process that hosts roles of jobs (stage masters,
 * stage workers, a job coordinator) on threads of its own, as a Flink task manager hosts its
 * slots, and holds the job's queue partitions and split payloads. In cluster mode each executor is
 * a JVM of its own; in Ray's local mode one executor in the driver's JVM hosts every role.
 *
 * <p>Methods take and return only strings, primitives and {@code byte[]} (which Ray ships without
 * its reflective serializer), and the constructor never throws (in local mode that would end the
 * JVM). Roles are found by job and role id in this object's own tables: nothing is static.
 */
public final class SolsticeExecutor {
  /** How long a remote append waits for room before it answers "full". */
  static final long APPEND_WAIT_MILLIS = 100;

  private final String name;
  private final Map<String, HostedJob> jobs = new ConcurrentHashMap<>();
  private final GcThrashWatch gcWatch;

  public SolsticeExecutor(String name) {
    this.name = name;
    this.gcWatch = new GcThrashWatch(name, this::failWorkers);
  }

  /**
   * Stops what the executor runs besides its jobs (its garbage-collection watch), when it ends
   * before its JVM: the local-mode executor, when its Ray session stops.
   */
  public boolean stop() {
    gcWatch.close();
    return true;
  }

  /** This JVM is spiralling in garbage collection: its workers fail now, naming it. */
  private void failWorkers(String explanation) {
    GcThrashingException cause = new GcThrashingException(explanation);
    for (HostedJob job : jobs.values()) {
      job.failRoles(cause); // catches per role: one role's failure must not spare the others
    }
  }

  /** Answers once the executor is up: its name, process id and node, for messages. */
  public String describe() {
    return name + ", pid " + ProcessHandle.current().pid() + " on " + System.getProperty("ray.node-ip", "the driver's node");
  }

  public boolean openJob(String jobId, int index, byte[] setup) {
    JobSetup job = Serialization.fromBytes(setup, JobSetup.class);
    if (jobs.putIfAbsent(jobId, new HostedJob(job, index, this)) != null) {
      throw new IllegalStateException("Job " + jobId + " is already open on " + name);
    }
    return true;
  }

  /** Stops the job's roles here and drops its state; returns the payloads it still held. */
  public long closeJob(String jobId) {
    HostedJob job = jobs.remove(jobId);
    return job == null ? 0 : job.close(5_000);
  }

  public boolean startRole(String jobId, String roleId, String roleClass, byte[] launch) throws ReflectiveOperationException {
    job(jobId).start(roleId, roleClass, launch);
    return true;
  }

  /** The role's report once it ends, waiting at most {@code timeoutMillis}; empty while it runs. */
  public byte[] awaitRole(String jobId, String roleId, long timeoutMillis) throws InterruptedException {
    byte[] report = job(jobId).role(roleId).await(timeoutMillis);
    return report == null ? new byte[0] : report;
  }

  public boolean cancelRole(String jobId, String roleId) {
    HostedJob job = jobs.get(jobId);
    if (job != null) {
      job.role(roleId).cancel();
    }
    return true;
  }

  /** A request to a role; the serialized {@link Reply} carries its answer or its failure. */
  public byte[] ask(String jobId, String roleId, byte[] request) {
    Reply reply;
    try {
      reply = Reply.of(job(jobId).role(roleId).handle(Serialization.fromBytes(request, RoleRequest.class)));
    } catch (Exception e) {
      reply = Reply.failed(e);
    }
    return Serialization.toBytes(reply);
  }

  /**
   * Appends a message to a partition hosted here; 1 if appended, 0 if it stayed full for {@link
   * #APPEND_WAIT_MILLIS} (the producer then asks again).
   */
  public int append(String jobId, String topic, int partition, byte[] header, byte[] body) {
    SplitMessage message = SplitMessage.fromWire(header, body);
    return appendMessage(jobId, topic, partition, message, APPEND_WAIT_MILLIS) ? 1 : 0;
  }

  boolean appendMessage(String jobId, String topic, int partition, SplitMessage message, long waitMillis) {
    try {
      return job(jobId).partitions().tryAppend(new TopicPartition(topic, partition), message, waitMillis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  public byte[] takePayload(String jobId, long id) {
    return job(jobId).payloads().take(id);
  }

  public long storePayload(String jobId, byte[] data, int readers) {
    return job(jobId).payloads().put(data, readers);
  }

  public boolean setClock(String jobId, long millis) {
    job(jobId).signals().setClock(millis);
    return true;
  }

  public boolean requestCheckpoint(String jobId, long checkpointId) {
    HostedJob job = jobs.get(jobId);
    if (job != null) {
      job.signals().requestCheckpoint(checkpointId);
    }
    return true;
  }

  public boolean completeCheckpoint(String jobId, long checkpointId) {
    HostedJob job = jobs.get(jobId);
    if (job != null) {
      job.signals().completeCheckpoint(checkpointId);
    }
    return true;
  }

  /** A serialized {@link io.solstice.engine.control.ActivitySnapshot} of the job's workers here. */
  public byte[] activity(String jobId) {
    return Serialization.toBytes(job(jobId).signals().snapshot());
  }

  private HostedJob job(String jobId) {
    HostedJob job = jobs.get(jobId);
    if (job == null) {
      throw new IllegalStateException("Job " + jobId + " is not open on executor " + name);
    }
    return job;
  }
}
