package io.solstice.engine.job;

import io.solstice.engine.EngineConfig;
import io.solstice.engine.control.TopicLayout;
import io.solstice.engine.host.ExecutorDirectory;
import io.solstice.engine.host.HostedQueueTransport;
import io.solstice.engine.queue.QueueTransport;
import io.solstice.engine.queue.TransportConfig;
import io.solstice.engine.queue.kafka.KafkaQueueTransport;
import java.util.List;

/** The queue transport of a process that only writes a job's source edges: its driver, an outside system's tasks. */
final class DriverTransport {
  private DriverTransport() {}

  static QueueTransport open(String jobId, EngineConfig config, ExecutorDirectory executors, List<TopicLayout> topics) {
    TransportConfig transport = config.transport();
    if (transport.kind() != TransportConfig.Kind.KAFKA) {
      return HostedQueueTransport.forDriver(jobId, executors, topics);
    }
    return new KafkaQueueTransport(
        transport.bootstrapServers(), transport.keepTopics(), config.partitionCapacity(), config.maxBundleSplits());
  }
}
