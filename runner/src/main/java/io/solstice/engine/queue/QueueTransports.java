package io.solstice.engine.queue;

import io.solstice.engine.EngineConfig;
import io.solstice.engine.queue.kafka.KafkaQueueTransport;

/** Creates the queue transport a job's configuration asks for. */
public final class QueueTransports {
  private QueueTransports() {}

  public static QueueTransport create(EngineConfig config) {
    TransportConfig transport = config.transport();
    switch (transport.kind()) {
      case IN_PROCESS:
        return new InProcessQueueTransport(config.partitionCapacity());
      case KAFKA:
        return new KafkaQueueTransport(
            transport.bootstrapServers(), transport.keepTopics(), config.partitionCapacity(), config.maxBundleSplits());
      default:
        throw new IllegalArgumentException("Unknown transport " + transport.kind());
    }
  }
}
