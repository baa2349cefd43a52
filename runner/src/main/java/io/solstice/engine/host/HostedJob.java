package io.solstice.engine.host;

import io.solstice.engine.EngineConfig;
import io.solstice.engine.control.JobSetup;
import io.solstice.engine.control.TopicLayout;
import io.solstice.engine.payload.PayloadHolder;
import io.solstice.engine.payload.PayloadStore;
import io.solstice.engine.queue.PartitionHost;
import io.solstice.engine.queue.QueueTransport;
import io.solstice.engine.queue.TransportConfig;
import io.solstice.engine.queue.kafka.KafkaQueueTransport;
import java.lang.reflect.Constructor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A job's state on one executor: its roles, the partitions and payloads held here, the transport
 * and payload store its roles use, and this executor's {@link JobSignals}.
 */
final class HostedJob {
  private static final Logger LOG = LoggerFactory.getLogger(HostedJob.class);

  private final JobSetup setup;
  private final int self;
  private final ExecutorDirectory executors;
  private final PartitionHost partitions;
  private final PayloadHolder payloads = new PayloadHolder();
  private final PayloadStore payloadStore;
  private final QueueTransport transport;
  private final JobSignals signals;
  private final Map<String, RoleThread> roles = new ConcurrentHashMap<>();
  private final ClassLoader classLoader;

  HostedJob(JobSetup setup, int self, SolsticeExecutor executor) {
    this.setup = setup;
    this.self = self;
    this.classLoader = executor.getClass().getClassLoader();
    EngineConfig config = setup.config();
    this.executors = ExecutorDirectory.forExecutor(setup.executors(), self, executor);
    this.partitions = new PartitionHost(config.partitionCapacity());
    this.payloadStore = new HostedPayloadStore(setup.jobId(), executors, payloads);
    this.signals = new JobSignals(config.manualClock(), setup.clockStart());
    this.transport = openTransport(config);
  }

  private QueueTransport openTransport(EngineConfig config) {
    if (config.transport().kind() == TransportConfig.Kind.KAFKA) {
      KafkaQueueTransport kafka =
          new KafkaQueueTransport(
              config.transport().bootstrapServers(), true, config.partitionCapacity(), config.maxBundleSplits());
      for (TopicLayout topic : setup.topics()) {
        kafka.attachTopic(topic.topic(), topic.group());
      }
      return kafka;
    }
    for (TopicLayout topic : setup.topics()) {
      List<Integer> here = new ArrayList<>();
      for (int p = 0; p < topic.partitions(); p++) {
        if (topic.host(p) == self) {
          here.add(p);
        }
      }
      partitions.host(topic.topic(), topic.partitions(), here);
    }
    return new HostedQueueTransport(setup.jobId(), executors, setup.topics(), partitions);
  }

  String jobId() {
    return setup.jobId();
  }

  PartitionHost partitions() {
    return partitions;
  }

  PayloadHolder payloads() {
    return payloads;
  }

  JobSignals signals() {
    return signals;
  }

  /** Creates the role by its class name and starts it on its own thread. */
  void start(String roleId, String roleClass, byte[] launch) throws ReflectiveOperationException {
    if (roles.containsKey(roleId)) {
      throw new IllegalStateException("Role " + roleId + " of job " + jobId() + " already runs here");
    }
    Class<? extends Role> type = Class.forName(roleClass, true, classLoader).asSubclass(Role.class);
    Constructor<? extends Role> constructor = type.getConstructor(RoleContext.class, byte[].class);
    Role role = constructor.newInstance(context(roleId), launch);
    RoleThread thread = new RoleThread(jobId() + " " + roleId, roleId, role);
    roles.put(roleId, thread);
    thread.start();
  }

  RoleThread role(String roleId) {
    RoleThread role = roles.get(roleId);
    if (role == null) {
      throw new IllegalStateException("No role " + roleId + " of job " + jobId() + " on executor " + self);
    }
    return role;
  }

  /** Fails the roles that can report a failure without their threads (see {@link Role#failedReport}). */
  void failRoles(Throwable cause) {
    for (Map.Entry<String, RoleThread> role : roles.entrySet()) {
      try {
        role.getValue().fail(cause);
      } catch (RuntimeException e) {
        LOG.warn("Job {}: could not fail role {}: {}", jobId(), role.getKey(), e.toString());
      }
    }
  }

  /**
   * Stops the job here: cancels its roles, waits up to {@code graceMillis} for them, then drops
   * its partitions and payloads. Returns how many payloads were still held.
   */
  long close(long graceMillis) {
    for (RoleThread role : roles.values()) {
      role.cancel();
    }
    long deadline = System.currentTimeMillis() + graceMillis;
    for (Map.Entry<String, RoleThread> role : roles.entrySet()) {
      try {
        // Its thread, not its report: a role failed from outside reports before its thread ends.
        if (!role.getValue().join(deadline - System.currentTimeMillis())) {
          LOG.warn("Job {}: role {} did not stop within {} ms", jobId(), role.getKey(), graceMillis);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    long left = payloads.liveCount();
    partitions.deleteAll();
    payloads.clear();
    transport.close();
    return left;
  }

  private RoleContext context(String roleId) {
    return new RoleContext() {
      @Override
      public String jobId() {
        return setup.jobId();
      }

      @Override
      public String roleId() {
        return roleId;
      }

      @Override
      public int executorIndex() {
        return self;
      }

      @Override
      public EngineConfig config() {
        return setup.config();
      }

      @Override
      public ExecutorDirectory executors() {
        return executors;
      }

      @Override
      public QueueTransport transport() {
        return transport;
      }

      @Override
      public io.solstice.engine.payload.PayloadStore payloads() {
        return payloadStore;
      }

      @Override
      public JobSignals signals() {
        return signals;
      }
    };
  }
}
