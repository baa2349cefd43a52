package io.solstice.engine.queue.kafka;

import io.solstice.engine.queue.QueueConsumer;
import io.solstice.engine.queue.QueueProducer;
import io.solstice.engine.queue.QueueTransport;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The queues on a Kafka-protocol broker (kafka-clients 4.3.1): one topic per edge, created when
 * the job starts and deleted when it ends unless kept; one consumer group per stage, each worker
 * committing the offsets of the partitions it reads. Producers wait while a partition holds {@code
 * capacity} messages its readers have not committed.
 */
public final class KafkaQueueTransport implements QueueTransport {
  private static final Logger LOG = LoggerFactory.getLogger(KafkaQueueTransport.class);

  private final String bootstrap;
  private final boolean keepTopics;
  private final int capacity;
  private final int maxPollRecords;
  private final Admin admin;
  private final KafkaBacklog backlog;
  private final Set<String> topics = ConcurrentHashMap.newKeySet();

  /**
   * Connects to the brokers; fails within seconds, naming the address, if none answers.
   *
   * @param capacity uncommitted messages a partition holds before producers wait
   * @param maxPollRecords most messages one poll returns
   */
  public KafkaQueueTransport(String bootstrap, boolean keepTopics, int capacity, int maxPollRecords) {
    this.bootstrap = bootstrap;
    this.keepTopics = keepTopics;
    this.capacity = capacity;
    this.maxPollRecords = maxPollRecords;
    this.admin = Admin.create(KafkaSettings.admin(bootstrap));
    this.backlog = new KafkaBacklog(admin);
    try {
      checkHealth();
    } catch (RuntimeException e) {
      admin.close(java.time.Duration.ZERO);
      throw e;
    }
  }

  @Override
  public void createTopic(String topic, int partitions, String readerGroup) {
    try {
      admin
          .createTopics(List.of(new NewTopic(topic, java.util.Optional.of(partitions), java.util.Optional.empty())))
          .all()
          .get(2L * KafkaSettings.REQUEST_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("Could not create topic " + topic + " on the Kafka broker at " + bootstrap, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while creating topic " + topic, e);
    }
    topics.add(topic);
    backlog.registerTopic(topic, readerGroup);
  }

  @Override
  public void attachTopic(String topic, String readerGroup) {
    backlog.registerTopic(topic, readerGroup);
  }

  @Override
  public void deleteTopics(Collection<String> names) {
    List<String> ours = new ArrayList<>();
    for (String topic : names) {
      if (topics.remove(topic)) {
        ours.add(topic);
      }
    }
    if (ours.isEmpty() || keepTopics) {
      return;
    }
    try {
      admin.deleteTopics(ours).all().get(2L * KafkaSettings.REQUEST_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      LOG.warn(
          "Could not delete the job's {} topics on the Kafka broker at {} ({}); they remain: {}",
          ours.size(),
          bootstrap,
          e.getCause() != null ? e.getCause().getMessage() : e.toString(),
          ours);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public QueueProducer createProducer() {
    return new KafkaSplitProducer(bootstrap, backlog, capacity);
  }

  @Override
  public QueueConsumer createConsumer(String group) {
    return new KafkaSplitConsumer(bootstrap, group, maxPollRecords);
  }

  @Override
  public void checkHealth() {
    try {
      admin.describeCluster().nodes().get(KafkaSettings.REQUEST_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException(
          "Cannot reach the Kafka broker at "
              + bootstrap
              + " (no answer within "
              + KafkaSettings.REQUEST_TIMEOUT_MILLIS
              + " ms). Check --kafkaBootstrapServers and that the broker is running.",
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while checking the Kafka broker at " + bootstrap, e);
    }
  }

  @Override
  public void close() {
    deleteTopics(List.copyOf(topics));
    admin.close(java.time.Duration.ofSeconds(5));
  }
}
