package io.solstice.examples.faults;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Future;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.LongDeserializer;
import org.apache.kafka.common.serialization.LongSerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.joda.time.Instant;

/** The trials' Kafka topics: the input written once, each run's output read back committed. */
public final class TrialTopics {
  private final String bootstrapServers;

  public TrialTopics(String bootstrapServers) {
    this.bootstrapServers = bootstrapServers;
  }

  public void create(String topic, int partitions) throws Exception {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
      admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
    }
  }

  /**
   * Writes values {@code 0..records-1} (key {@code value % keys}, spread over the partitions) with
   * increasing create times before the returned end time, then on each partition an end marker
   * (value -1) after it, which moves the partition's event-time watermark past the end. Every send
   * is checked, and so is each partition's length: a record lost here would look like one the job
   * lost.
   */
  public Instant writeInput(String topic, int partitions, long records, int keys) throws Exception {
    long start = System.currentTimeMillis() - records - 60_000;
    long stop = start + records;
    Properties config = new Properties();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(ProducerConfig.LINGER_MS_CONFIG, 20);
    config.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
    List<Future<RecordMetadata>> sends = new ArrayList<>();
    try (KafkaProducer<Long, Long> producer = new KafkaProducer<>(config, new LongSerializer(), new LongSerializer())) {
      for (long value = 0; value < records; value++) {
        sends.add(producer.send(new ProducerRecord<>(topic, (int) (value % partitions), start + value, value % keys, value)));
      }
      for (int partition = 0; partition < partitions; partition++) {
        sends.add(producer.send(new ProducerRecord<>(topic, partition, stop + 1, -1L, -1L)));
      }
      producer.flush();
    }
    for (Future<RecordMetadata> send : sends) {
      send.get();
    }
    checkLengths(topic, partitions, records);
    return new Instant(stop);
  }

  private void checkLengths(String topic, int partitions, long records) throws Exception {
    Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
    for (int partition = 0; partition < partitions; partition++) {
      ends.put(new TopicPartition(topic, partition), OffsetSpec.latest());
    }
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
      for (Map.Entry<TopicPartition, ListOffsetsResultInfo> end : admin.listOffsets(ends).all().get().entrySet()) {
        int partition = end.getKey().partition();
        long wanted = records / partitions + (partition < records % partitions ? 1 : 0) + 1;
        if (end.getValue().offset() != wanted) {
          throw new IllegalStateException(
              "Input partition " + end.getKey() + " holds " + end.getValue().offset() + " records, not " + wanted);
        }
      }
    }
  }

  /**
   * What a {@code read_committed} reader sees on {@code topic}, as {@code key|value} to copies:
   * read until {@code expected} records came and then nothing more for a while, or three minutes
   * passed without a record.
   */
  public Map<String, Integer> readCommitted(String topic, long expected) {
    Properties config = new Properties();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(ConsumerConfig.GROUP_ID_CONFIG, "trial-reader-" + topic);
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10_000);
    // Every read starts from the beginning.
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    Map<String, Integer> seen = new HashMap<>();
    try (KafkaConsumer<Long, String> consumer = new KafkaConsumer<>(config, new LongDeserializer(), new StringDeserializer())) {
      consumer.subscribe(List.of(topic));
      long total = 0;
      long lastRecord = System.currentTimeMillis();
      long quietUntil = 0;
      while (System.currentTimeMillis() - lastRecord < 180_000) {
        int got = 0;
        for (ConsumerRecord<Long, String> record : consumer.poll(Duration.ofMillis(200))) {
          seen.merge(record.key() + "|" + record.value(), 1, Integer::sum);
          got++;
        }
        total += got;
        if (got > 0) {
          lastRecord = System.currentTimeMillis();
          quietUntil = 0;
        } else if (total >= expected) {
          // Everything expected is there; a few quiet seconds would show any duplicate.
          if (quietUntil == 0) {
            quietUntil = System.currentTimeMillis() + 2_000;
          } else if (System.currentTimeMillis() > quietUntil) {
            break;
          }
        }
      }
    }
    return seen;
  }
}
