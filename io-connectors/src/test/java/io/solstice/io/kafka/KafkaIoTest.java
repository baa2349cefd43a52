package io.solstice.io.kafka;

import static org.junit.Assert.assertEquals;

import io.solstice.engine.queue.kafka.EmbeddedKafkaBroker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.Future;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.io.kafka.KafkaIO;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.LongDeserializer;
import org.apache.kafka.common.serialization.LongSerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.joda.time.Instant;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * Beam's KafkaIO on SolsticeRunner against a real Apache Kafka broker (in this JVM, 127.0.0.1):
 * a read of a topic up to a stop time, with its offsets committed on finalization, and a write;
 * what SolsticeRunner writes equals what DirectRunner writes from the same input.
 */
public class KafkaIoTest {
  private static final int PARTITIONS = 3;
  private static final long RECORDS = 3_000;
  private static final String INPUT = "kafkaio-input";
  private static EmbeddedKafkaBroker broker;
  private static Instant stop;

  @BeforeClass
  public static void writeInput() throws Exception {
    broker = EmbeddedKafkaBroker.start();
    createTopic(INPUT, PARTITIONS);
    long start = System.currentTimeMillis() - 600_000;
    stop = new Instant(start + RECORDS);
    Properties config = new Properties();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    List<Future<RecordMetadata>> sends = new ArrayList<>();
    try (KafkaProducer<Long, Long> producer = new KafkaProducer<>(config, new LongSerializer(), new LongSerializer())) {
      for (long i = 0; i < RECORDS; i++) {
        sends.add(producer.send(new ProducerRecord<>(INPUT, (int) (i % PARTITIONS), start + i, i % 17, i)));
      }
      // After the stop time on every partition: the read ends where these begin.
      for (int partition = 0; partition < PARTITIONS; partition++) {
        sends.add(producer.send(new ProducerRecord<>(INPUT, partition, stop.getMillis() + 1, -1L, -1L)));
      }
    }
    for (Future<RecordMetadata> send : sends) {
      send.get();
    }
  }

  @AfterClass
  public static void stopBroker() {
    broker.close();
  }

  private static void createTopic(String topic, int partitions) throws Exception {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
      admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
    }
  }

  /** Reads the input up to the stop time, doubles each value, writes {@code key -> "v<value>"}. */
  private static void runCopy(String runner, String output, String group) throws Exception {
    createTopic(output, 2);
    String[] args = {
      "--runner=" + runner,
      "--parallelism=2",
      // KafkaIO's legacy reader needs a method kafka-clients 4 removed: its splittable-DoFn reader.
      "--experiments=use_sdf_read"
    };
    Pipeline pipeline = Pipeline.create(PipelineOptionsFactory.fromArgs(args).withoutStrictParsing().create());
    pipeline
        .apply(
            KafkaIO.<Long, Long>read()
                .withBootstrapServers(broker.bootstrapServers())
                .withTopic(INPUT)
                .withKeyDeserializer(LongDeserializer.class)
                .withValueDeserializer(LongDeserializer.class)
                .withConsumerConfigUpdates(
                    Map.of(ConsumerConfig.GROUP_ID_CONFIG, group, ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"))
                .withStopReadTime(stop)
                .commitOffsetsInFinalize()
                .withoutMetadata())
        .apply(
            MapElements.into(TypeDescriptors.kvs(TypeDescriptors.longs(), TypeDescriptors.strings()))
                .via((KV<Long, Long> kv) -> KV.of(kv.getKey(), "v" + 2 * kv.getValue())))
        .apply(
            KafkaIO.<Long, String>write()
                .withBootstrapServers(broker.bootstrapServers())
                .withTopic(output)
                .withKeySerializer(LongSerializer.class)
                .withValueSerializer(StringSerializer.class));
    assertEquals(PipelineResult.State.DONE, pipeline.run().waitUntilFinish());
  }

  /**
   * Per {@code key|value}, how many times it is in {@code topic}: read until {@code expected}
   * records came and then nothing for two seconds (a duplicate would show), or a minute passed.
   */
  private static Map<String, Integer> contents(String topic, long expected) {
    Properties config = new Properties();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    config.put(ConsumerConfig.GROUP_ID_CONFIG, "check-" + topic);
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    Map<String, Integer> seen = new TreeMap<>();
    try (KafkaConsumer<Long, String> consumer = new KafkaConsumer<>(config, new LongDeserializer(), new StringDeserializer())) {
      consumer.subscribe(List.of(topic));
      long total = 0;
      long quietSince = System.currentTimeMillis();
      long deadline = quietSince + 60_000;
      while (System.currentTimeMillis() < deadline && (total < expected || System.currentTimeMillis() - quietSince < 2_000)) {
        for (ConsumerRecord<Long, String> record : consumer.poll(Duration.ofMillis(200))) {
          seen.merge(record.key() + "|" + record.value(), 1, Integer::sum);
          total++;
          quietSince = System.currentTimeMillis();
        }
      }
    }
    return seen;
  }

  /** Per partition of the input, the offset {@code group} committed, and the offset reads stop at. */
  private static Map<Integer, List<Long>> committedAndEnd(String group) throws Exception {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
      Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
      Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
      for (int p = 0; p < PARTITIONS; p++) {
        ends.put(new TopicPartition(INPUT, p), OffsetSpec.latest());
      }
      Map<Integer, List<Long>> offsets = new TreeMap<>();
      for (Map.Entry<TopicPartition, ListOffsetsResultInfo> end : admin.listOffsets(ends).all().get().entrySet()) {
        OffsetAndMetadata mine = committed.get(end.getKey());
        // The last record of each partition is past the stop time: the read ends before it.
        offsets.put(end.getKey().partition(), List.of(mine == null ? -1 : mine.offset(), end.getValue().offset() - 1));
      }
      return offsets;
    }
  }

  @Test
  public void kafkaIoReadsCommitsAndWritesAsOnDirectRunner() throws Exception {
    runCopy("DirectRunner", "kafkaio-direct", "group-direct");
    runCopy("SolsticeRunner", "kafkaio-solstice", "group-solstice");
    Map<String, Integer> expected = new TreeMap<>();
    for (long i = 0; i < RECORDS; i++) {
      expected.merge((i % 17) + "|v" + 2 * i, 1, Integer::sum);
    }
    assertEquals(expected, contents("kafkaio-direct", RECORDS));
    assertEquals(expected, contents("kafkaio-solstice", RECORDS));
    // Offsets committed on finalization: every partition read to the stop time.
    Map<Integer, List<Long>> offsets = committedAndEnd("group-solstice");
    for (Map.Entry<Integer, List<Long>> partition : offsets.entrySet()) {
      assertEquals("partition " + partition.getKey() + ": committed, end", partition.getValue().get(1), partition.getValue().get(0));
    }
  }
}
