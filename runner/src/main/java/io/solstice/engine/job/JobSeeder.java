package io.solstice.engine.job;

import io.solstice.engine.EngineConfig;
import io.solstice.engine.control.RoleAddress;
import io.solstice.engine.control.TopicLayout;
import io.solstice.engine.coordinator.CoordinatorRequest;
import io.solstice.engine.graph.EdgeSpec;
import io.solstice.engine.graph.JobGraph;
import io.solstice.engine.graph.SeedSplit;
import io.solstice.engine.host.ExecutorDirectory;
import io.solstice.engine.operator.Watermarks;
import io.solstice.engine.payload.PayloadRef;
import io.solstice.engine.queue.QueueProducer;
import io.solstice.engine.queue.QueueTransport;
import io.solstice.engine.queue.SplitMessage;
import io.solstice.engine.queue.TopicNames;
import io.solstice.engine.queue.TopicPartition;
import java.util.List;
import java.util.Map;

/**
 * Writes the driver's seed splits onto the job's seeded edges, dealing them round-robin over the
 * partitions, then ends every seeded partition. The driver is the edge's only producer (id 0). A
 * seed too large to travel inline is left on the executor that reads its partition. The coordinator
 * learns how many messages the driver sends before they are sent, for its quiescence check.
 */
final class JobSeeder {
  private static final int PRODUCER = 0;

  private final String jobId;
  private final JobGraph graph;
  private final QueueTransport transport;
  private final ExecutorDirectory executors;
  private final Map<String, TopicLayout> topics;
  private final RoleAddress coordinator;
  private final EngineConfig config;

  JobSeeder(
      String jobId,
      JobGraph graph,
      QueueTransport transport,
      ExecutorDirectory executors,
      Map<String, TopicLayout> topics,
      RoleAddress coordinator,
      EngineConfig config) {
    this.jobId = jobId;
    this.graph = graph;
    this.transport = transport;
    this.executors = executors;
    this.topics = topics;
    this.coordinator = coordinator;
    this.config = config;
  }

  void seedAll() throws InterruptedException {
    long messages = 0;
    for (EdgeSpec edge : graph.edges()) {
      if (edge.isSeeded()) {
        messages += graph.seeds(edge.id()).size() + edge.partitions();
      }
    }
    executors
        .client(coordinator.executor())
        .ask(jobId, coordinator.role(), new CoordinatorRequest.DriverSent(messages));
    try (QueueProducer producer = transport.createProducer()) {
      for (EdgeSpec edge : graph.edges()) {
        if (edge.isSeeded()) {
          seed(edge, graph.seeds(edge.id()), producer);
        }
      }
      producer.flush();
    }
  }

  private void seed(EdgeSpec edge, List<SeedSplit> splits, QueueProducer producer) throws InterruptedException {
    String topic = TopicNames.topic(jobId, edge);
    for (int i = 0; i < splits.size(); i++) {
      SeedSplit split = splits.get(i);
      int partition = i % edge.partitions();
      SplitMessage message =
          split.data().length <= config.inlineSplitBytes()
              ? SplitMessage.inline(PRODUCER, Watermarks.START, split.elementCount(), split.data())
              : SplitMessage.stored(PRODUCER, Watermarks.START, split.elementCount(), store(topic, partition, split.data()));
      producer.send(new TopicPartition(topic, partition), message);
    }
    for (int p = 0; p < edge.partitions(); p++) {
      producer.send(new TopicPartition(topic, p), SplitMessage.watermark(PRODUCER, Watermarks.END));
    }
  }

  /** Leaves the bytes with the executor whose worker reads the partition, so its read is local. */
  private PayloadRef store(String topic, int partition, byte[] data) {
    int host = topics.get(topic).host(partition);
    long id = executors.client(host).storePayload(jobId, data, 1);
    return new PayloadRef(host, id, data.length);
  }
}
