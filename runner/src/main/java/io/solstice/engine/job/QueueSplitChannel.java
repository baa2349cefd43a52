package io.solstice.engine.job;

import io.solstice.engine.EngineConfig;
import io.solstice.engine.control.RoleAddress;
import io.solstice.engine.control.TopicLayout;
import io.solstice.engine.coordinator.CoordinatorRequest;
import io.solstice.engine.graph.SplitChannel;
import io.solstice.engine.host.ExecutorDirectory;
import io.solstice.engine.ray.RaySession;
import io.solstice.engine.queue.QueueProducer;
import io.solstice.engine.queue.QueueTransport;
import io.solstice.engine.queue.TopicPartition;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A source edge's queue, for an outside system's writers. Each writer opens its own transport and
 * producer, writes as the driver (the edge's one producer; the driver ends the edge once every
 * writer is done) and starts dealing at a random partition, so that many writers spread evenly.
 */
final class QueueSplitChannel implements SplitChannel {
  private static final long serialVersionUID = 1L;

  private final String jobId;
  private final List<String> executorNames;
  private final TopicLayout topic;
  private final RoleAddress coordinator;
  private final EngineConfig config;

  QueueSplitChannel(String jobId, List<String> executorNames, TopicLayout topic, RoleAddress coordinator, EngineConfig config) {
    this.jobId = jobId;
    this.executorNames = List.copyOf(executorNames);
    this.topic = topic;
    this.coordinator = coordinator;
    this.config = config;
  }

  @Override
  public Writer open() {
    // In the driver's own JVM (Spark in local mode) use the handles it holds: a handle looked up by
    // name in the process that created the actor makes Ray drop a reference the lookup never added
    // once it is collected, and Ray then ends the executor while the job runs.
    ExecutorDirectory executors = RaySession.ownedExecutors(executorNames)
        .map(handles -> ExecutorDirectory.forDriver(executorNames, handles))
        .orElseGet(() -> ExecutorDirectory.byName(executorNames));
    QueueTransport transport = DriverTransport.open(jobId, config, executors, List.of(topic));
    try {
      // On Kafka, how full a partition is comes from its reader group's commits: attached, a
      // writer waits for room as every producer does.
      transport.attachTopic(topic.topic(), topic.group());
      return new QueueWriter(executors, transport);
    } catch (RuntimeException e) {
      transport.close();
      throw e;
    }
  }

  private final class QueueWriter implements Writer {
    private final ExecutorDirectory executors;
    private final QueueTransport transport;
    private final QueueProducer producer;
    private int next = ThreadLocalRandom.current().nextInt(topic.partitions());

    QueueWriter(ExecutorDirectory executors, QueueTransport transport) {
      this.executors = executors;
      this.transport = transport;
      this.producer = transport.createProducer();
    }

    @Override
    public void write(byte[] data, int elementCount) throws InterruptedException {
      int partition = next;
      next = (next + 1) % topic.partitions();
      // Announced before it is sent, as the driver's seeds are: the coordinator's quiescence check
      // must never see it handled but not sent. Only a job on the manual clock (a TestStream's)
      // asks for quiescence; for any other the call, a Ray round trip per split, is left out.
      if (config.manualClock()) {
        executors.client(coordinator.executor()).ask(jobId, coordinator.role(), new CoordinatorRequest.DriverSent(1));
      }
      producer.send(
          new TopicPartition(topic.topic(), partition),
          DriverSplits.message(jobId, executors, topic, partition, data, elementCount, config.inlineSplitBytes()));
    }

    @Override
    public void close() throws InterruptedException {
      try {
        producer.flush();
      } finally {
        producer.close();
        transport.close();
      }
    }
  }
}
