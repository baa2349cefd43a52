package io.solstice.io.kafka;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.solstice.engine.queue.kafka.EmbeddedKafkaBroker;
import io.solstice.runner.SolsticePipelineOptions;
import io.solstice.runner.SolsticePipelineResult;
import io.solstice.runner.SolsticeRunner;
import io.solstice.runner.testing.CountingStreamJob;
import io.solstice.runner.testing.LinesSink;
import io.solstice.runner.testing.PoolSizes;
import io.solstice.runner.testing.SlowRunningCount;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Future;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.io.kafka.KafkaIO;
import org.apache.beam.sdk.options.ExperimentalOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.LongDeserializer;
import org.apache.kafka.common.serialization.LongSerializer;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * An elastic pool fed by Kafka: a topic whose rate steps up 5x and back down, read with KafkaIO
 * into a keyed stateful stage that takes 2 ms an element. Its pool grows from its least size while
 * the step lasts and comes back to it, and every key's running count comes out exactly once (the
 * stream does not end: the job is cancelled once every count is out).
 */
public class ElasticKafkaTest {
  private static final String TOPIC = "elastic-input";
  private static final int PARTITIONS = 4;
  private static final int KEYS = 10;

  @Rule public TemporaryFolder folder = new TemporaryFolder();

  /** Writes at {@code perSecond} records a second for {@code seconds}, keyed by value mod KEYS. */
  private static long writeAt(
      KafkaProducer<Long, Long> producer, List<Future<RecordMetadata>> sends, long next, int perSecond, int seconds)
      throws InterruptedException {
    int perTick = perSecond / 100;
    for (int tick = 0; tick < seconds * 100; tick++) {
      long due = System.currentTimeMillis() + 10;
      for (int i = 0; i < perTick; i++, next++) {
        sends.add(producer.send(new ProducerRecord<>(TOPIC, (int) (next % PARTITIONS), next % KEYS, next)));
      }
      Thread.sleep(Math.max(0, due - System.currentTimeMillis()));
    }
    return next;
  }

  @Test
  public void aRateStepGrowsThePoolAndItComesBackWithEveryCountOnce() throws Exception {
    Path output = folder.newFolder("output").toPath();
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
      try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
        admin.createTopics(List.of(new NewTopic(TOPIC, PARTITIONS, (short) 1))).all().get();
      }
      SolsticePipelineOptions options = PipelineOptionsFactory.create().as(SolsticePipelineOptions.class);
      options.setRunner(SolsticeRunner.class);
      options.setParallelism(2);
      options.setStageWorkerPools("SlowCount=1..4");
      options.setScaleCooldown(1_000);
      // KafkaIO's legacy reader needs a method kafka-clients 4 removed: its splittable-DoFn reader.
      ExperimentalOptions.addExperiment(options.as(ExperimentalOptions.class), "use_sdf_read");
      Pipeline pipeline = Pipeline.create(options);
      pipeline
          .apply(
              KafkaIO.<Long, Long>read()
                  .withBootstrapServers(broker.bootstrapServers())
                  .withTopic(TOPIC)
                  .withKeyDeserializer(LongDeserializer.class)
                  .withValueDeserializer(LongDeserializer.class)
                  .withConsumerConfigUpdates(Map.of(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"))
                  .withoutMetadata())
          .apply("SlowCount", ParDo.of(new SlowRunningCount(2)))
          .apply("Write", ParDo.of(new LinesSink(output)));
      SolsticePipelineResult result = (SolsticePipelineResult) pipeline.run();

      Properties config = new Properties();
      config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
      List<Future<RecordMetadata>> sends = new ArrayList<>();
      long written;
      try (KafkaProducer<Long, Long> producer = new KafkaProducer<>(config, new LongSerializer(), new LongSerializer())) {
        // One worker does 500 records a second: 200/s it keeps up with, 1,000/s it does not.
        written = writeAt(producer, sends, 0, 200, 3);
        written = writeAt(producer, sends, written, 1_000, 6);
        written = writeAt(producer, sends, written, 200, 10);
      }
      for (Future<RecordMetadata> send : sends) {
        send.get();
      }
      List<String> expected = new ArrayList<>();
      for (long key = 0; key < KEYS; key++) {
        long records = written / KEYS + (key < written % KEYS ? 1 : 0);
        for (long n = 1; n <= records; n++) {
          expected.add(key + "=" + n);
        }
      }
      expected.sort(null);
      // The stream does not end: once every count is out, the job idles (the pool shrinking back,
      // and any duplicate showing) for a while, then it is cancelled.
      long deadline = System.currentTimeMillis() + 60_000;
      while (CountingStreamJob.writtenLines(output).size() < expected.size() && System.currentTimeMillis() < deadline) {
        Thread.sleep(200);
      }
      Thread.sleep(10_000);
      result.cancel();
      assertEquals(PipelineResult.State.CANCELLED, result.waitUntilFinish());

      List<Integer> sizes = PoolSizes.of(result, "SlowCount");
      assertTrue("the pool grew and came back to 1: " + sizes, sizes.stream().anyMatch(n -> n > 1) && sizes.get(sizes.size() - 1) == 1);
      List<String> lines = CountingStreamJob.writtenLines(output);
      assertEquals("lines written", expected.size(), lines.size());
      assertTrue("every running count once", expected.equals(lines));
    }
  }

}
