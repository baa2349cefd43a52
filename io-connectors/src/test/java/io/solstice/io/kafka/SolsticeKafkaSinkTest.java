package io.solstice.io.kafka;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.solstice.engine.queue.kafka.EmbeddedKafkaBroker;
import io.solstice.runner.SolsticePipelineOptions;
import io.solstice.runner.SolsticePipelineResult;
import io.solstice.runner.TestSolsticeRunner;
import io.solstice.runner.testing.CountingStreamJob;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.PeriodicImpulse;
import org.apache.beam.sdk.transforms.Reshuffle;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.LongDeserializer;
import org.apache.kafka.common.serialization.LongSerializer;
import org.joda.time.Instant;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The exactly-once Kafka sink on a real Apache Kafka broker (in this JVM, 127.0.0.1): a streaming
 * job whose user code fails once midway restarts from its latest checkpoint, and the output topic,
 * read with {@code read_committed}, holds every record exactly once.
 */
public class SolsticeKafkaSinkTest {
  private static final long ELEMENTS = 3_000;
  private static EmbeddedKafkaBroker broker;

  @Rule public TemporaryFolder folder = new TemporaryFolder();

  @BeforeClass
  public static void startBroker() {
    broker = EmbeddedKafkaBroker.start();
  }

  @AfterClass
  public static void stopBroker() {
    broker.close();
  }

  private static void createTopic(String topic) throws Exception {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
      admin.createTopics(List.of(new NewTopic(topic, 2, (short) 1))).all().get();
    }
  }

  /** Per value, how many times a read_committed reader sees it, reading until nothing new comes. */
  private static Map<Long, Integer> readCommitted(String topic, long expected) {
    Properties config = new Properties();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    config.put(ConsumerConfig.GROUP_ID_CONFIG, "reader-" + topic);
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    Map<Long, Integer> seen = new TreeMap<>();
    try (KafkaConsumer<Long, Long> consumer = new KafkaConsumer<>(config, new LongDeserializer(), new LongDeserializer())) {
      consumer.subscribe(List.of(topic));
      long total = 0;
      long quietUntil = 0;
      long deadline = System.currentTimeMillis() + 60_000;
      while (System.currentTimeMillis() < deadline) {
        int got = 0;
        for (ConsumerRecord<Long, Long> record : consumer.poll(Duration.ofMillis(200))) {
          seen.merge(record.value(), 1, Integer::sum);
          got++;
        }
        total += got;
        if (total >= expected && got == 0) {
          // Everything expected is there; a few more quiet polls would show any duplicate.
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

  @Test
  public void aJobThatFailsOnceWritesEveryRecordExactlyOnce() throws Exception {
    String topic = "exactly-once-out";
    createTopic(topic);
    Path marker = folder.getRoot().toPath().resolve("failed-once");
    SolsticePipelineOptions options = PipelineOptionsFactory.create().as(SolsticePipelineOptions.class);
    options.setRunner(TestSolsticeRunner.class);
    options.setParallelism(2);
    options.setCheckpointingInterval(200L);
    options.setCheckpointLocation(folder.newFolder("checkpoints").toURI().toString());
    options.setMaxRestarts(1);
    options.setRestartDelay(100);
    Pipeline pipeline = Pipeline.create(options);
    org.joda.time.Instant start = Instant.now().plus(org.joda.time.Duration.standardSeconds(1));
    pipeline
        .apply(
            PeriodicImpulse.create()
                .startAt(start)
                .stopAt(start.plus(org.joda.time.Duration.millis(ELEMENTS * 2)))
                .withInterval(org.joda.time.Duration.millis(2)))
        .apply(Reshuffle.viaRandomKey())
        .apply(
            MapElements.into(TypeDescriptors.kvs(TypeDescriptors.longs(), TypeDescriptors.longs()))
                .via(t -> {
                  long index = (t.getMillis() - start.getMillis()) / 2;
                  return KV.of(index % 10, index);
                }))
        .apply(ParDo.of(new CountingStreamJob.FailOnce(marker.toString(), ELEMENTS / 2)))
        .apply(
            SolsticeKafkaSink.<Long, Long>write()
                .withBootstrapServers(broker.bootstrapServers())
                .withTopic(topic)
                .withKeySerializer(LongSerializer.class)
                .withValueSerializer(LongSerializer.class)
                .withSinkGroupId("exactly-once-test"));
    SolsticePipelineResult result = (SolsticePipelineResult) pipeline.run();
    assertEquals(PipelineResult.State.DONE, result.waitUntilFinish());
    assertTrue("the failure was injected", Files.exists(marker));
    assertEquals("one restart, from a checkpoint", 1, result.restoredFrom().size());
    assertTrue(result.restoredFrom().get(0) > 0);

    Map<Long, Integer> seen = readCommitted(topic, ELEMENTS + 1);
    assertEquals("every record is there", ELEMENTS + 1, seen.size());
    seen.forEach((value, count) -> assertEquals("copies of record " + value, 1, (int) count));
  }
}
