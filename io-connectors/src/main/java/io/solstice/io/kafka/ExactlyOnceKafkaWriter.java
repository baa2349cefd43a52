package io.solstice.io.kafka;

import io.solstice.translation.api.TwoPhaseCommitter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.KV;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes records to a Kafka topic in transactions tied to SolsticeRunner's checkpoints.
 *
 * <p>Each worker has its own producer, whose transactional id ({@code <sink group>-<worker>})
 * stays the same across restarts: when a restarted worker opens it, Kafka aborts whatever an
 * earlier attempt left open. Records wait in memory until a checkpoint's snapshot, which sends
 * them in the worker's open transaction and flushes it (the pre-commit); the records of the open
 * transaction go into the checkpoint. The transaction commits once a checkpoint at or after its
 * newest pre-commit completes, together with a marker (that pre-commit's checkpoint id, as the
 * committed offset of the consumer group {@code <sink group>-<worker>}, with the pre-commit's unique
 * token as its metadata), so that nothing after a
 * completed checkpoint's barrier is ever committed, and a restart can tell whether the transaction
 * committed. After a restore, a pre-committed transaction whose marker is not there is written
 * again from the checkpoint and committed. Readers with {@code isolation.level=read_committed}
 * then see every record once.
 *
 * <p>Without checkpoints (or on another runner) each bundle is one transaction, committed at the
 * bundle's end: every record at least once, not exactly once.
 */
final class ExactlyOnceKafkaWriter<K, V> extends DoFn<KV<K, V>, Void> implements TwoPhaseCommitter {
  private static final Logger LOG = LoggerFactory.getLogger(ExactlyOnceKafkaWriter.class);

  private final String bootstrapServers;
  private final String topic;
  private final String sinkGroup;
  private final Class<? extends Serializer<K>> keySerializer;
  private final Class<? extends Serializer<V>> valueSerializer;
  private final Map<String, String> producerConfig;

  private transient Serializer<K> keys;
  private transient Serializer<V> values;
  private transient KafkaProducer<byte[], byte[]> producer;
  private transient boolean checkpointing;
  private transient String group;
  private transient boolean inTransaction;
  // Records since the last pre-commit, not yet sent.
  private transient List<byte[][]> pending;
  // Records sent in the open transaction, and the newest checkpoint whose pre-commit covers them.
  private transient List<byte[][]> sent;
  private transient long sentUpTo;
  private transient String sentToken;

  ExactlyOnceKafkaWriter(
      String bootstrapServers,
      String topic,
      String sinkGroup,
      Class<? extends Serializer<K>> keySerializer,
      Class<? extends Serializer<V>> valueSerializer,
      Map<String, String> producerConfig) {
    this.bootstrapServers = bootstrapServers;
    this.topic = topic;
    this.sinkGroup = sinkGroup;
    this.keySerializer = keySerializer;
    this.valueSerializer = valueSerializer;
    this.producerConfig = new HashMap<>(producerConfig);
  }

  @Setup
  public void setup() throws Exception {
    keys = keySerializer.getDeclaredConstructor().newInstance();
    values = valueSerializer.getDeclaredConstructor().newInstance();
    pending = new ArrayList<>();
    sent = new ArrayList<>();
  }

  /** Opens the worker's transactional producer, aborting what an earlier attempt left open. */
  @Override
  public void open(int workerIndex, boolean checkpointing) {
    this.checkpointing = checkpointing;
    this.group = sinkGroup + "-" + workerIndex;
    Map<String, Object> config = new HashMap<>(producerConfig);
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, group);
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.putIfAbsent(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 300_000);
    producer = new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
    producer.initTransactions();
  }

  private void ensureProducer() {
    if (producer == null) {
      // Not on SolsticeRunner: no worker index, so one transactional id per instance.
      open(Math.abs(System.identityHashCode(this)), false);
    }
  }

  @ProcessElement
  public void process(@Element KV<K, V> element) {
    ensureProducer();
    byte[][] record = {keys.serialize(topic, element.getKey()), values.serialize(topic, element.getValue())};
    if (checkpointing) {
      pending.add(record);
    } else {
      send(record);
    }
  }

  private void send(byte[][] record) {
    if (!inTransaction) {
      producer.beginTransaction();
      inTransaction = true;
    }
    producer.send(new ProducerRecord<>(topic, record[0], record[1]));
  }

  @FinishBundle
  public void finishBundle() {
    if (!checkpointing && inTransaction) {
      producer.commitTransaction();
      inTransaction = false;
    }
  }

  @Override
  public boolean hasUncommitted() {
    return !pending.isEmpty() || !sent.isEmpty();
  }

  /**
   * Sends what arrived since the last pre-commit into the open transaction and flushes it. If an
   * earlier pre-commit's transaction is still open (its checkpoint has not completed yet), this one
   * joins it and the transaction then commits with this checkpoint: one producer has one open
   * transaction, and committing it with the earlier checkpoint would publish records after that
   * checkpoint's barrier.
   */
  @Override
  public byte[] preCommit(long checkpointId) {
    for (byte[][] record : pending) {
      send(record);
    }
    sent.addAll(pending);
    pending.clear();
    producer.flush();
    sentUpTo = checkpointId;
    sentToken = UUID.randomUUID().toString();
    return new PreCommit(checkpointId, sentToken, sent).toBytes();
  }

  @Override
  public void commit(long checkpointId) {
    if (sent.isEmpty() || sentUpTo > checkpointId) {
      return;
    }
    commitWithMarker(sentUpTo, sentToken);
    sent.clear();
    sentUpTo = 0;
    sentToken = null;
  }

  /** Commits the open transaction with its marker: the pre-commit's token (and checkpoint id). */
  private void commitWithMarker(long checkpointId, String token) {
    producer.sendOffsetsToTransaction(
        Map.of(marker(), new OffsetAndMetadata(checkpointId, token)), new ConsumerGroupMetadata(group));
    producer.commitTransaction();
    inTransaction = false;
  }

  private TopicPartition marker() {
    return new TopicPartition(topic, 0);
  }

  @Override
  public void recover(List<byte[]> preCommits) throws Exception {
    if (preCommits.isEmpty()) {
      return;
    }
    // Each pre-commit holds every record of the open transaction: the newest covers the others.
    PreCommit last = PreCommit.fromBytes(preCommits.get(preCommits.size() - 1));
    if (last.token().equals(committedToken())) {
      LOG.info("Kafka sink {}: the transaction of checkpoint {} was committed before the restart", group, last.checkpointId());
      return;
    }
    LOG.info(
        "Kafka sink {}: writing again the {} records of checkpoint {}, whose transaction never committed",
        group, last.records().size(), last.checkpointId());
    for (byte[][] record : last.records()) {
      if (!inTransaction) {
        producer.beginTransaction();
        inTransaction = true;
      }
      producer.send(new ProducerRecord<>(topic, record[0], record[1]));
    }
    if (!inTransaction) {
      producer.beginTransaction();
      inTransaction = true;
    }
    commitWithMarker(last.checkpointId(), last.token());
  }

  /** The token of the last pre-commit this worker's transactions committed, null if none. */
  private String committedToken() throws ExecutionException, InterruptedException {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
      Map<TopicPartition, OffsetAndMetadata> offsets =
          admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
      OffsetAndMetadata marker = offsets.get(marker());
      return marker == null ? null : marker.metadata();
    }
  }

  @Teardown
  public void teardown() {
    if (producer != null) {
      producer.close();
      producer = null;
    }
  }
}
