package io.solstice.engine.job;

import io.solstice.engine.EngineConfig;
import io.solstice.engine.graph.EdgeSpec;
import io.solstice.engine.graph.JobGraph;
import io.solstice.engine.graph.SeedSplit;
import io.solstice.engine.operator.Watermarks;
import io.solstice.engine.queue.QueueProducer;
import io.solstice.engine.queue.SplitMessage;
import io.solstice.engine.queue.TopicNames;
import io.solstice.engine.queue.TopicPartition;
import java.util.List;

/**
 * Writes the driver's seed splits onto the job's seeded edges, dealing them round-robin over the
 * partitions, then ends every seeded partition. The driver is the edge's only producer (id 0).
 */
final class JobSeeder {
  private static final int PRODUCER = 0;

  private final String jobId;
  private final JobGraph graph;
  private final JobServices services;
  private final EngineConfig config;

  JobSeeder(String jobId, JobGraph graph, JobServices services, EngineConfig config) {
    this.jobId = jobId;
    this.graph = graph;
    this.services = services;
    this.config = config;
  }

  void seedAll() throws InterruptedException {
    try (QueueProducer producer = services.transport().createProducer()) {
      for (EdgeSpec edge : graph.edges()) {
        if (edge.isSeeded()) {
          seed(edge, graph.seeds(edge.id()), producer);
        }
      }
      producer.flush();
    }
  }

  private void seed(EdgeSpec edge, List<SeedSplit> splits, QueueProducer producer)
      throws InterruptedException {
    String topic = TopicNames.topic(jobId, edge);
    for (int i = 0; i < splits.size(); i++) {
      SeedSplit split = splits.get(i);
      SplitMessage message =
          split.data().length <= config.inlineSplitBytes()
              ? SplitMessage.inline(PRODUCER, Watermarks.START, split.elementCount(), split.data())
              : SplitMessage.stored(
                  PRODUCER,
                  Watermarks.START,
                  split.elementCount(),
                  services.payloads().put(split.data(), 1));
      services.activity().sent(1);
      producer.send(new TopicPartition(topic, i % edge.partitions()), message);
    }
    services.activity().sent(edge.partitions());
    for (int p = 0; p < edge.partitions(); p++) {
      producer.send(new TopicPartition(topic, p), SplitMessage.watermark(PRODUCER, Watermarks.END));
    }
  }
}
