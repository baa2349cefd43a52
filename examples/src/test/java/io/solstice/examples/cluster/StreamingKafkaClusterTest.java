package io.solstice.examples.cluster;

import io.solstice.engine.queue.kafka.EmbeddedKafkaBroker;
import io.solstice.examples.streaming.KafkaTopics;
import io.solstice.runner.testing.DifferentialRun;
import io.solstice.runner.testing.LinesSink;
import io.solstice.runner.testing.RayClusterRule;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.io.kafka.KafkaIO;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.Count;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.FixedWindows;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.KV;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * A streaming KafkaIO job on a real multi-process Ray cluster: events read from a real Kafka broker
 * by their create time, counted per key in fixed windows, written as lines; the same job on
 * DirectRunner gives the expected lines. Each job runs until its last window's pane is out, then is
 * cancelled.
 */
public class StreamingKafkaClusterTest {
  private static final int EVENTS = 300;
  private static final int KEYS = 5;
  private static final long EVENT_SPACING_MILLIS = 100;
  private static final Duration WINDOW = Duration.standardSeconds(5);
  /** Windows x keys: every event's pane. */
  private static final int EXPECTED_LINES = (int) (EVENTS * EVENT_SPACING_MILLIS / WINDOW.getMillis()) * KEYS;
  private static final Instant BASE = Instant.parse("2026-01-01T00:00:00Z");

  @ClassRule public static final RayClusterRule CLUSTER = RayClusterRule.withHead(2);

  private static EmbeddedKafkaBroker broker;

  @Rule public final TemporaryFolder folder = new TemporaryFolder();

  @BeforeClass
  public static void start() throws Exception {
    broker = EmbeddedKafkaBroker.start();
    KafkaTopics.create(broker.bootstrapServers(), 2, "events");
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(
            Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()),
            new StringSerializer(),
            new StringSerializer())) {
      for (int i = 0; i < EVENTS; i++) {
        long createTime = BASE.getMillis() + i * EVENT_SPACING_MILLIS;
        producer.send(new ProducerRecord<>("events", i % 2, createTime, "key" + i % KEYS, "event" + i));
      }
      producer.flush();
    }
  }

  @AfterClass
  public static void stop() {
    if (broker != null) {
      broker.close();
    }
  }

  /** Formats a pane as key, window and count. */
  static final class FormatCount extends DoFn<KV<String, Long>, String> {
    @ProcessElement
    public void process(@Element KV<String, Long> count, BoundedWindow window, OutputReceiver<String> out) {
      out.output(count.getKey() + " " + window + " " + count.getValue());
    }
  }

  private static void build(Pipeline pipeline, Path out) {
    pipeline
        .apply(
            KafkaIO.<String, String>read()
                .withBootstrapServers(broker.bootstrapServers())
                .withTopic("events")
                .withKeyDeserializer(StringDeserializer.class)
                .withValueDeserializer(StringDeserializer.class)
                .withConsumerConfigUpdates(Map.of("auto.offset.reset", "earliest"))
                .withCreateTime(Duration.ZERO)
                .withoutMetadata())
        .apply(Window.into(FixedWindows.of(WINDOW)))
        .apply(Count.perKey())
        .apply(ParDo.of(new FormatCount()))
        .apply(ParDo.of(new LinesSink(out)));
  }

  /** Runs the unbounded job until every pane is written, then cancels it; returns the lines. */
  private List<String> runUntilComplete(String name, String... args) throws Exception {
    Path out = folder.newFolder(name).toPath();
    PipelineOptions options = PipelineOptionsFactory.fromArgs(args).create();
    Pipeline pipeline = Pipeline.create(options);
    build(pipeline, out);
    PipelineResult result = pipeline.run();
    try {
      long deadline = System.currentTimeMillis() + 180_000;
      while (System.currentTimeMillis() < deadline) {
        List<String> lines = DifferentialRun.readLines(out);
        if (lines.size() >= EXPECTED_LINES) {
          return lines;
        }
        if (result.getState().isTerminal()) {
          throw new AssertionError(name + " ended " + result.getState() + " with " + lines.size() + " lines");
        }
        Thread.sleep(500);
      }
      throw new AssertionError(name + " wrote " + DifferentialRun.readLines(out).size() + " of " + EXPECTED_LINES + " lines in 180 s");
    } finally {
      result.cancel();
    }
  }

  @Test(timeout = 480_000)
  public void windowedCountsOfAKafkaTopicAreDirectRunners() throws Exception {
    String sdfRead = "--experiments=use_sdf_read";
    // DirectRunner blocks in run() unless told not to: this job never ends by itself.
    List<String> expected = runUntilComplete("direct", "--runner=DirectRunner", "--blockOnRun=false", sdfRead);
    List<String> actual =
        runUntilComplete("solstice", CLUSTER.jobArgs("--runner=SolsticeRunner", sdfRead, "--parallelism=2"));
    DifferentialRun.assertSameLines(expected, actual);
  }
}
