package io.solstice.engine.job;

import io.solstice.engine.EngineConfig;
import io.solstice.engine.control.RoleAddress;
import io.solstice.engine.control.TopicLayout;
import io.solstice.engine.coordinator.CoordinatorRequest;
import io.solstice.engine.graph.EdgeSpec;
import io.solstice.engine.graph.JobGraph;
import io.solstice.engine.graph.SeedSplit;
import io.solstice.engine.host.ExecutorDirectory;
import io.solstice.engine.queue.QueueProducer;
import io.solstice.engine.queue.QueueTransport;
import io.solstice.engine.queue.TopicNames;
import io.solstice.engine.queue.TopicPartition;
import java.util.List;
import java.util.Map;

/**
 * Writes the driver's seed splits onto the job's seeded edges, dealing them round-robin over the
 * partitions, then ends every seeded partition ({@link ExternalProduction} writes and ends the edges
 * an outside system writes). The driver is the edge's only producer (id 0). The coordinator
 * learns how many messages the driver sends before they are sent, for its quiescence check.
 */
final class JobSeeder {
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
      if (seededNow(edge)) {
        messages += graph.seeds(edge.id()).size() + edge.partitions();
      }
    }
    executors
        .client(coordinator.executor())
        .ask(jobId, coordinator.role(), new CoordinatorRequest.DriverSent(messages));
    try (QueueProducer producer = transport.createProducer()) {
      for (EdgeSpec edge : graph.edges()) {
        if (seededNow(edge)) {
          seed(edge, graph.seeds(edge.id()), producer);
        }
      }
      producer.flush();
    }
  }

  /** Whether the driver writes the edge's seeds now; an outside system's splits come later. */
  private boolean seededNow(EdgeSpec edge) {
    return edge.isSeeded() && !graph.isExternal(edge.id());
  }

  private void seed(EdgeSpec edge, List<SeedSplit> splits, QueueProducer producer) throws InterruptedException {
    String topic = TopicNames.topic(jobId, edge);
    TopicLayout layout = topics.get(topic);
    for (int i = 0; i < splits.size(); i++) {
      SeedSplit split = splits.get(i);
      int partition = i % edge.partitions();
      producer.send(
          new TopicPartition(topic, partition),
          DriverSplits.message(jobId, executors, layout, partition, split.data(), split.elementCount(), config.inlineSplitBytes()));
    }
    for (int p = 0; p < edge.partitions(); p++) {
      producer.send(new TopicPartition(topic, p), DriverSplits.end());
    }
  }
}
