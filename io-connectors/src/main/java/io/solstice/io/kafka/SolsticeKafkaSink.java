package io.solstice.io.kafka;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PDone;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The exactly-once Kafka write on SolsticeRunner: records are written in Kafka transactions that
 * commit with the runner's checkpoints (two-phase: pre-committed at a checkpoint's barrier,
 * committed once the checkpoint completes), so that after failures and restarts a reader with
 * {@code isolation.level=read_committed} sees each record once. Beam's {@code
 * KafkaIO.writeRecords().withEOS(...)} accepts only a list of runners; this is its counterpart here.
 *
 * <pre>{@code
 * counts.apply(SolsticeKafkaSink.<String, Long>write()
 *     .withBootstrapServers("broker:9092")
 *     .withTopic("counts")
 *     .withKeySerializer(StringSerializer.class)
 *     .withValueSerializer(LongSerializer.class)
 *     .withSinkGroupId("counts-sink"));
 * }</pre>
 *
 * <p>It needs {@code --checkpointingInterval}: records become visible when the checkpoint after
 * them completes. Without checkpoints (or on another runner) each bundle commits its own
 * transaction, and a failure can repeat records. The sink group id names the transactional ids
 * and the marker consumer groups ({@code <id>-<worker>}): give each pipeline its own, and keep it
 * when a job restarts or resumes from a checkpoint.
 */
public final class SolsticeKafkaSink<K, V> extends PTransform<PCollection<KV<K, V>>, PDone> {
  private final String bootstrapServers;
  private final String topic;
  private final String sinkGroupId;
  private final Class<? extends Serializer<K>> keySerializer;
  private final Class<? extends Serializer<V>> valueSerializer;
  private final Map<String, String> producerConfig;

  private SolsticeKafkaSink(
      String bootstrapServers,
      String topic,
      String sinkGroupId,
      Class<? extends Serializer<K>> keySerializer,
      Class<? extends Serializer<V>> valueSerializer,
      Map<String, String> producerConfig) {
    this.bootstrapServers = bootstrapServers;
    this.topic = topic;
    this.sinkGroupId = sinkGroupId;
    this.keySerializer = keySerializer;
    this.valueSerializer = valueSerializer;
    this.producerConfig = producerConfig;
  }

  public static <K, V> SolsticeKafkaSink<K, V> write() {
    return new SolsticeKafkaSink<>(null, null, null, null, null, Map.of());
  }

  public SolsticeKafkaSink<K, V> withBootstrapServers(String servers) {
    return new SolsticeKafkaSink<>(servers, topic, sinkGroupId, keySerializer, valueSerializer, producerConfig);
  }

  public SolsticeKafkaSink<K, V> withTopic(String topic) {
    return new SolsticeKafkaSink<>(bootstrapServers, topic, sinkGroupId, keySerializer, valueSerializer, producerConfig);
  }

  public SolsticeKafkaSink<K, V> withSinkGroupId(String id) {
    return new SolsticeKafkaSink<>(bootstrapServers, topic, id, keySerializer, valueSerializer, producerConfig);
  }

  public SolsticeKafkaSink<K, V> withKeySerializer(Class<? extends Serializer<K>> serializer) {
    return new SolsticeKafkaSink<>(bootstrapServers, topic, sinkGroupId, serializer, valueSerializer, producerConfig);
  }

  public SolsticeKafkaSink<K, V> withValueSerializer(Class<? extends Serializer<V>> serializer) {
    return new SolsticeKafkaSink<>(bootstrapServers, topic, sinkGroupId, keySerializer, serializer, producerConfig);
  }

  /** Further producer settings (a transaction timeout, say); the transactional ones are the sink's. */
  public SolsticeKafkaSink<K, V> withProducerConfig(Map<String, String> config) {
    Map<String, String> merged = new HashMap<>(producerConfig);
    merged.putAll(config);
    return new SolsticeKafkaSink<>(bootstrapServers, topic, sinkGroupId, keySerializer, valueSerializer, Map.copyOf(merged));
  }

  @Override
  public PDone expand(PCollection<KV<K, V>> input) {
    Objects.requireNonNull(bootstrapServers, "SolsticeKafkaSink needs withBootstrapServers(...)");
    Objects.requireNonNull(topic, "SolsticeKafkaSink needs withTopic(...)");
    Objects.requireNonNull(sinkGroupId, "SolsticeKafkaSink needs withSinkGroupId(...): it names the transactions");
    Objects.requireNonNull(keySerializer, "SolsticeKafkaSink needs withKeySerializer(...)");
    Objects.requireNonNull(valueSerializer, "SolsticeKafkaSink needs withValueSerializer(...)");
    input.apply(
        "Write to Kafka exactly once",
        ParDo.of(
            new ExactlyOnceKafkaWriter<>(
                bootstrapServers, topic, sinkGroupId, keySerializer, valueSerializer, producerConfig)));
    return PDone.in(input.getPipeline());
  }
}
