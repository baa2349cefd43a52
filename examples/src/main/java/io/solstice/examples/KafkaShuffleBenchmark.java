package io.solstice.examples;

import io.solstice.engine.queue.kafka.EmbeddedKafkaBroker;
import io.solstice.engine.queue.kafka.KafkaSettings;
import io.solstice.examples.streaming.KafkaTopics;
import io.solstice.runner.DataMoved;
import io.solstice.runner.SolsticePipelineResult;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.io.GenerateSequence;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricQueryResults;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * A GroupByKey-heavy pipeline with its shuffle on a Kafka broker, against raw kafka-clients moving
 * the same bytes over the same broker in the same message sizes, and the same pipeline on the
 * in-process transport. One embedded broker serves every run; rounds alternate between the three.
 *
 * <p>The pipeline: generated elements become {@code KV<long, byte[]>} with
 * {@code --keys} keys and {@code --valueBytes}-byte values, go through a GroupByKey, and are counted
 * per key (the count is checked). Splits travel inline in Kafka messages ({@code --splitBytes}), so
 * every byte of the shuffle crosses the broker. The raw run uses the transport's own client
 * settings (acks=all, idempotent producer, linger 5 ms), one producer and one consumer thread per
 * partition, no offset commits.
 *
 * <p>Each value size in {@code --valueBytes} gets its own runs, with as many records as make
 * {@code --shuffleMb} of shuffled data: small values show the per-element cost, large ones the
 * per-byte cost.
 *
 * <p>Run: {@code java -Xmx8g -jar examples/target/solstice-examples.jar kafka-shuffle-benchmark
 * [--shuffleMb=400] [--valueBytes=200,2000] [--keys=100000] [--rounds=3] [--parallelism=2]
 * [--splitBytes=524288]}
 */
public final class KafkaShuffleBenchmark {
  private static final String GROUPED = "grouped-elements";

  private KafkaShuffleBenchmark() {}

  public static void main(String[] args) throws Exception {
    BenchmarkArgs arguments = new BenchmarkArgs(args);
    int shuffleMb = arguments.intArg("shuffleMb", 400);
    int keys = arguments.intArg("keys", 100_000);
    int rounds = arguments.intArg("rounds", 3);
    int parallelism = arguments.intArg("parallelism", 2);
    int splitBytes = arguments.intArg("splitBytes", 512 << 10);
    List<String> table = new ArrayList<>();
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
      for (String size : arguments.stringArg("valueBytes", "200,2000").split(",")) {
        int valueBytes = Integer.parseInt(size.trim());
        long records = shuffleMb * 1_000_000L / (valueBytes + 12);
        System.out.printf(
            "%nGroupByKey of %,d records (%d-byte values, %,d keys), parallelism %d, %d KiB inline splits, %d rounds%n",
            records, valueBytes, keys, parallelism, splitBytes >> 10, rounds);
        String[] common = {
          "--runner=SolsticeRunner",
          "--parallelism=" + parallelism,
          "--targetSplitBytes=" + splitBytes,
          "--inlineSplitBytes=" + splitBytes
        };
        String[] onKafka =
            concat(common, "--solsticeTransport=kafka", "--kafkaBootstrapServers=" + broker.bootstrapServers());
        List<Figure> kafka = new ArrayList<>();
        List<Figure> raw = new ArrayList<>();
        List<Figure> inProcess = new ArrayList<>();
        // Round 0 warms the JIT and loads classes for all three paths; it is printed, not counted.
        for (int round = 0; round <= rounds; round++) {
          System.out.println(round == 0 ? "Warm-up round:" : "Round " + round + ":");
          Figure kafkaRun = runPipeline("pipeline on Kafka", records, valueBytes, keys, onKafka);
          Figure rawRun = runRaw(broker.bootstrapServers(), "raw-" + valueBytes + "-" + round, kafkaRun, parallelism);
          Figure inProcessRun = runPipeline("pipeline in-process", records, valueBytes, keys, common);
          if (round > 0) {
            kafka.add(kafkaRun);
            raw.add(rawRun);
            inProcess.add(inProcessRun);
          }
        }
        Figure k = median(kafka);
        Figure r = median(raw);
        table.add(row(valueBytes, "raw kafka-clients, same bytes", r, ""));
        table.add(row(valueBytes, "GroupByKey pipeline, Kafka transport", k,
            String.format("%.0f%%", 100 * k.mbPerSecond() / r.mbPerSecond())));
        table.add(row(valueBytes, "GroupByKey pipeline, in-process transport", median(inProcess), ""));
      }
    }
    System.out.printf("%nMedians of %d rounds, one broker (in this JVM), parallelism %d:%n", rounds, parallelism);
    System.out.println("| value bytes | path | median s | records/s | MB/s | Kafka messages | of raw MB/s |");
    System.out.println("|---:|---|---:|---:|---:|---:|---:|");
    table.forEach(System.out::println);
    System.out.println("Target: the Kafka transport at 70% or more of the raw kafka-clients MB/s.");
  }

  private static String row(int valueBytes, String path, Figure f, String ofRaw) {
    return String.format(
        "| %d | %s | %.2f | %,.0f | %.1f | %,d | %s |",
        valueBytes, path, f.seconds, f.records / f.seconds, f.mbPerSecond(), f.messages, ofRaw);
  }

  private static String[] concat(String[] a, String... b) {
    String[] all = new String[a.length + b.length];
    System.arraycopy(a, 0, all, 0, a.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }

  /** One run: seconds, records and bytes that crossed the shuffle, and the queue messages used. */
  private static final class Figure {
    final double seconds;
    final long records;
    final long bytes;
    final long messages;

    Figure(double seconds, long records, long bytes, long messages) {
      this.seconds = seconds;
      this.records = records;
      this.bytes = bytes;
      this.messages = messages;
    }

    double mbPerSecond() {
      return bytes / 1e6 / seconds;
    }
  }

  private static Figure runPipeline(String label, long records, int valueBytes, int keys, String[] args) {
    Pipeline pipeline = Pipeline.create(PipelineOptionsFactory.fromArgs(args).create());
    pipeline
        .apply(GenerateSequence.from(0).to(records))
        .apply(ParDo.of(new ToRecord(keys, valueBytes)))
        .apply(GroupByKey.create())
        .apply(ParDo.of(new CountGroup()));
    System.gc();
    long start = System.nanoTime();
    SolsticePipelineResult result = (SolsticePipelineResult) pipeline.run();
    result.waitUntilFinish();
    double seconds = (System.nanoTime() - start) / 1e9;
    long grouped = counter(result, GROUPED);
    if (grouped != records) {
      throw new IllegalStateException(label + ": grouped " + grouped + " elements, expected " + records);
    }
    DataMoved moved = result.dataMoved();
    Figure figure = new Figure(seconds, records, moved.bytes(), moved.splits());
    System.out.printf(
        "%-22s %7.2f s  %,12.0f records/s  %7.1f MB/s  (%,d splits, %.1f MB)%n",
        label, seconds, records / seconds, figure.mbPerSecond(), moved.splits(), moved.bytes() / 1e6);
    return figure;
  }

  private static long counter(SolsticePipelineResult result, String name) {
    MetricQueryResults metrics =
        result.metrics().queryMetrics(MetricsFilter.builder().addNameFilter(MetricNameFilter.named(KafkaShuffleBenchmark.class, name)).build());
    long total = 0;
    for (MetricResult<Long> counter : metrics.getCounters()) {
      total += Optional.ofNullable(counter.getAttempted()).orElse(0L);
    }
    return total;
  }

  /**
   * Produces {@code pipeline.messages} messages carrying {@code pipeline.bytes} bytes in all,
   * spread over {@code partitions} partitions, while as many consumers read them back.
   */
  private static Figure runRaw(String bootstrap, String topic, Figure pipeline, int partitions) throws Exception {
    KafkaTopics.create(bootstrap, partitions, topic);
    int messageBytes = (int) Math.max(1, pipeline.bytes / pipeline.messages);
    long perPartition = pipeline.messages / partitions;
    ExecutorService threads = Executors.newFixedThreadPool(2 * partitions);
    long start = System.nanoTime();
    List<Future<?>> work = new ArrayList<>();
    for (int p = 0; p < partitions; p++) {
      int partition = p;
      work.add(threads.submit(() -> consume(bootstrap, new TopicPartition(topic, partition), perPartition)));
      work.add(threads.submit(() -> produce(bootstrap, topic, partition, perPartition, messageBytes)));
    }
    for (Future<?> f : work) {
      f.get(30, TimeUnit.MINUTES);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    threads.shutdown();
    try (Admin admin = Admin.create(KafkaSettings.admin(bootstrap))) {
      admin.deleteTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
    }
    long messages = perPartition * partitions;
    // Records: the pipeline's element count scaled to the bytes the raw run moved.
    Figure figure =
        new Figure(seconds, pipeline.records * messages / pipeline.messages, messages * messageBytes, messages);
    System.out.printf(
        "%-22s %7.2f s  %,12.0f records/s  %7.1f MB/s  (%,d messages of %,d bytes)%n",
        "raw kafka-clients", seconds, figure.records / seconds, figure.mbPerSecond(), messages, messageBytes);
    return figure;
  }

  private static Void produce(String bootstrap, String topic, int partition, long count, int size) throws Exception {
    byte[] payload = new byte[size];
    new Random(partition).nextBytes(payload);
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(KafkaSettings.producer(bootstrap))) {
      for (long i = 0; i < count; i++) {
        producer.send(new ProducerRecord<>(topic, partition, null, payload));
      }
      producer.flush();
    }
    return null;
  }

  private static Void consume(String bootstrap, TopicPartition partition, long count) {
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(KafkaSettings.consumer(bootstrap, "raw-" + partition, 16))) {
      consumer.assign(List.of(partition));
      long received = 0;
      while (received < count) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(java.time.Duration.ofMillis(100))) {
          received++;
        }
      }
    }
    return null;
  }

  private static Figure median(List<Figure> figures) {
    return Medians.median(figures, r -> r.seconds);
  }

  private static final byte[] NOISE = noise(1 << 20);

  private static byte[] noise(int size) {
    byte[] bytes = new byte[size];
    new Random(7).nextBytes(bytes);
    return bytes;
  }

  /** Element n becomes (n mod keys, a value of the given size that depends on n). */
  static final class ToRecord extends DoFn<Long, KV<Long, byte[]>> {
    private final int keys;
    private final int valueBytes;

    ToRecord(int keys, int valueBytes) {
      this.keys = keys;
      this.valueBytes = valueBytes;
    }

    @ProcessElement
    public void process(@Element Long n, OutputReceiver<KV<Long, byte[]>> out) {
      // A slice of a fixed random block: values differ without costing the benchmark CPU.
      int offset = (int) ((n * 7919) % (NOISE.length - valueBytes));
      out.output(KV.of(n % keys, Arrays.copyOfRange(NOISE, offset, offset + valueBytes)));
    }
  }

  /** Counts the grouped elements, so that the run can check none was lost or doubled. */
  static final class CountGroup extends DoFn<KV<Long, Iterable<byte[]>>, Void> {
    private final Counter grouped = Metrics.counter(KafkaShuffleBenchmark.class, GROUPED);

    @ProcessElement
    public void process(@Element KV<Long, Iterable<byte[]>> group) {
      long n = 0;
      for (byte[] ignored : group.getValue()) {
        n++;
      }
      grouped.inc(n);
    }
  }
}
