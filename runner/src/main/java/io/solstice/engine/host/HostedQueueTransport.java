package io.solstice.engine.host;

import io.solstice.engine.control.TopicLayout;
import io.solstice.engine.queue.PartitionHost;
import io.solstice.engine.queue.QueueConsumer;
import io.solstice.engine.queue.QueueProducer;
import io.solstice.engine.queue.QueueTransport;
import io.solstice.engine.queue.SplitMessage;
import io.solstice.engine.queue.TopicPartition;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The broker-less transport: each partition lives on the executor of the worker that reads it
 * ({@link PartitionHost}); a producer appends to it directly when it runs there, otherwise through
 * an executor call. A full partition answers "no room" after a short wait, and the producer asks
 * again: backpressure without holding a remote thread for long.
 */
public final class HostedQueueTransport implements QueueTransport {
  private final String jobId;
  private final ExecutorDirectory executors;
  private final PartitionHost local;
  private final Map<String, TopicLayout> topics = new HashMap<>();

  /**
   * @param local the partitions hosted by the executor this transport runs in; null in the driver,
   *     which only produces
   */
  HostedQueueTransport(String jobId, ExecutorDirectory executors, List<TopicLayout> layouts, PartitionHost local) {
    this.jobId = jobId;
    this.executors = executors;
    this.local = local;
    for (TopicLayout layout : layouts) {
      topics.put(layout.topic(), layout);
    }
  }

  /** The transport of a job's driver, which only produces (it seeds the source edges). */
  public static QueueTransport forDriver(String jobId, ExecutorDirectory executors, List<TopicLayout> layouts) {
    return new HostedQueueTransport(jobId, executors, layouts, null);
  }

  @Override
  public void createTopic(String topic, int partitions, String readerGroup) {
    // Partitions are hosted when the job opens on each executor (JobSetup's topic layouts).
  }

  @Override
  public void deleteTopics(Collection<String> names) {
    // They go with the job's state on each executor.
  }

  @Override
  public QueueProducer createProducer() {
    return new QueueProducer() {
      @Override
      public void send(TopicPartition partition, SplitMessage message) throws InterruptedException {
        int host = host(partition);
        if (host == executors.self()) {
          local.append(partition, message);
          return;
        }
        ExecutorClient client = executors.client(host);
        while (!client.append(jobId, partition.topic(), partition.partition(), message)) {
          if (Thread.interrupted()) {
            throw new InterruptedException();
          }
        }
      }

      @Override
      public void flush() {
        // Every send has been appended when it returns.
      }

      @Override
      public void close() {}
    };
  }

  private int host(TopicPartition partition) {
    TopicLayout layout = topics.get(partition.topic());
    if (layout == null) {
      throw new IllegalArgumentException("No topic " + partition.topic() + " in job " + jobId);
    }
    return layout.host(partition.partition());
  }

  @Override
  public QueueConsumer createConsumer(String group) {
    if (local == null) {
      throw new IllegalStateException("The driver of job " + jobId + " reads no partitions");
    }
    return local.consumer(group);
  }

  @Override
  public void close() {}
}
