package io.solstice.examples.streaming;

import io.solstice.engine.queue.kafka.KafkaSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** The example's plain kafka-clients side: creates its topics, produces events, reads panes. */
public final class KafkaTopics {
  private KafkaTopics() {}

  public static void create(String bootstrapServers, int partitions, String... topics) {
    try (Admin admin = Admin.create(KafkaSettings.admin(bootstrapServers))) {
      List<NewTopic> newTopics = new ArrayList<>();
      for (String topic : topics) {
        newTopics.add(new NewTopic(topic, partitions, (short) 1));
      }
      admin.createTopics(newTopics).all().get(30, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException(
          "Could not create topics " + List.of(topics) + " on " + bootstrapServers, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted creating topics", e);
    }
  }

  /** A producer of string keys and values; the caller sets each record's create time. */
  public static KafkaProducer<String, String> producer(String bootstrapServers) {
    return new KafkaProducer<>(
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
            ProducerConfig.LINGER_MS_CONFIG, 5,
            ProducerConfig.ACKS_CONFIG, "1"),
        new StringSerializer(),
        new StringSerializer());
  }

  /** A consumer of the whole output topic from its beginning, outside any consumer group. */
  public static KafkaConsumer<String, String> paneConsumer(String bootstrapServers, String topic) {
    KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
            new StringDeserializer(),
            new StringDeserializer());
    consumer.assign(
        consumer.partitionsFor(topic).stream()
            .map(p -> new TopicPartition(topic, p.partition()))
            .toList());
    return consumer;
  }

  /** Panes read in one poll, with the time each record was appended to the output topic. */
  public static List<TimedPane> poll(KafkaConsumer<String, String> consumer, Duration timeout) {
    List<TimedPane> panes = new ArrayList<>();
    for (ConsumerRecord<String, String> record : consumer.poll(timeout)) {
      panes.add(new TimedPane(WindowPane.parse(record.key(), record.value()), record.timestamp()));
    }
    return panes;
  }

  /** A pane and the create time of its output record (when the job wrote it). */
  public record TimedPane(WindowPane pane, long writtenMillis) {}
}
