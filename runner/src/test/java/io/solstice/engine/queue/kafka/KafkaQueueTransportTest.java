package io.solstice.engine.queue.kafka;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.lessThan;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.solstice.engine.queue.QueueConsumer;
import io.solstice.engine.queue.QueueProducer;
import io.solstice.engine.queue.QueueRecord;
import io.solstice.engine.queue.SplitMessage;
import io.solstice.engine.queue.TopicPartition;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/** The Kafka transport against a real broker (Apache Kafka 4.3, in this JVM). */
public class KafkaQueueTransportTest {
  private static EmbeddedKafkaBroker broker;
  private static int topicCount;

  @BeforeClass
  public static void startBroker() {
    broker = EmbeddedKafkaBroker.start();
  }

  @AfterClass
  public static void stopBroker() {
    broker.close();
  }

  private static String newTopic() {
    return "test-topic-" + (++topicCount);
  }

  private static SplitMessage data(int n) {
    return SplitMessage.inline(0, n, n, new byte[] {(byte) n});
  }

  private static List<QueueRecord> pollAll(QueueConsumer consumer, int expected) throws InterruptedException {
    List<QueueRecord> records = new ArrayList<>();
    long deadline = System.currentTimeMillis() + 20_000;
    while (records.size() < expected && System.currentTimeMillis() < deadline) {
      records.addAll(consumer.poll(100, 100));
    }
    return records;
  }

  @Test
  public void carriesMessagesInOrderPerPartitionAndResumesAtTheCommit() throws Exception {
    String topic = newTopic();
    try (KafkaQueueTransport transport = new KafkaQueueTransport(broker.bootstrapServers(), false, 100, 16)) {
      transport.createTopic(topic, 2, "readers");
      TopicPartition p0 = new TopicPartition(topic, 0);
      try (QueueProducer producer = transport.createProducer()) {
        for (int i = 0; i < 5; i++) {
          producer.send(p0, data(i));
        }
        producer.send(new TopicPartition(topic, 1), SplitMessage.watermark(3, 777));
        producer.flush();
      }
      try (QueueConsumer consumer = transport.createConsumer("readers")) {
        consumer.assign(List.of(p0));
        List<QueueRecord> records = pollAll(consumer, 5);
        assertEquals(5, records.size());
        for (int i = 0; i < 5; i++) {
          assertEquals(i, records.get(i).offset());
          assertEquals(i, records.get(i).message().elementCount());
        }
        consumer.commit(Map.of(p0, 3L));
      }
      try (QueueConsumer consumer = transport.createConsumer("readers")) {
        consumer.assign(List.of(p0));
        List<QueueRecord> records = pollAll(consumer, 2);
        assertEquals("resumes after the committed offset", 3, records.get(0).offset());
      }
      try (QueueConsumer consumer = transport.createConsumer("readers")) {
        consumer.assign(List.of(new TopicPartition(topic, 1)));
        QueueRecord watermark = pollAll(consumer, 1).get(0);
        assertEquals(SplitMessage.Kind.WATERMARK, watermark.message().kind());
        assertEquals(777, watermark.message().watermark());
      }
    }
  }

  @Test
  public void producerWaitsWhileReadersHaveNotCommitted() throws Exception {
    String topic = newTopic();
    try (KafkaQueueTransport transport = new KafkaQueueTransport(broker.bootstrapServers(), false, 2, 16)) {
      transport.createTopic(topic, 1, "readers");
      TopicPartition p0 = new TopicPartition(topic, 0);
      QueueProducer producer = transport.createProducer();
      producer.send(p0, data(1));
      producer.send(p0, data(2));
      producer.flush();
      CompletableFuture<Void> third =
          CompletableFuture.runAsync(
              () -> {
                try {
                  producer.send(p0, data(3));
                } catch (InterruptedException e) {
                  throw new IllegalStateException(e);
                }
              });
      Thread.sleep(500);
      assertFalse("two uncommitted messages fill the partition's credit", third.isDone());
      try (QueueConsumer consumer = transport.createConsumer("readers")) {
        consumer.assign(List.of(p0));
        pollAll(consumer, 2);
        consumer.commit(Map.of(p0, 2L));
      }
      third.get(10, TimeUnit.SECONDS);
      producer.close();
    }
  }

  @Test
  public void unreachableBrokerFailsWithinSecondsNamingTheAddress() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    String address = "127.0.0.1:" + port;
    long start = System.nanoTime();
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> new KafkaQueueTransport(address, false, 16, 16));
    assertThat((System.nanoTime() - start) / 1e9, lessThan(15.0));
    assertThat(e.getMessage(), containsString(address));
    assertThat(e.getMessage(), containsString("--kafkaBootstrapServers"));
  }

  @Test
  public void deletesItsTopicsWhenClosedUnlessKept() throws Exception {
    String deleted = newTopic();
    String kept = newTopic();
    try (KafkaQueueTransport transport = new KafkaQueueTransport(broker.bootstrapServers(), false, 16, 16)) {
      transport.createTopic(deleted, 1, "g");
    }
    try (KafkaQueueTransport transport = new KafkaQueueTransport(broker.bootstrapServers(), true, 16, 16)) {
      transport.createTopic(kept, 1, "g");
    }
    try (org.apache.kafka.clients.admin.Admin admin =
        org.apache.kafka.clients.admin.Admin.create(KafkaSettings.admin(broker.bootstrapServers()))) {
      java.util.Set<String> topics = admin.listTopics().names().get(10, TimeUnit.SECONDS);
      assertFalse(topics.contains(deleted));
      assertTrue(topics.contains(kept));
    }
  }
}
