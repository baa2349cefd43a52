package io.solstice.engine.queue;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.After;
import org.junit.Test;

public class InProcessQueueTransportTest {
  private final InProcessQueueTransport transport = new InProcessQueueTransport(2);
  private final TopicPartition p0 = new TopicPartition("t", 0);
  private final TopicPartition p1 = new TopicPartition("t", 1);

  @After
  public void close() {
    transport.close();
  }

  private static SplitMessage data(int producer, int n) {
    return SplitMessage.inline(producer, 0, n, new byte[] {(byte) n});
  }

  @Test
  public void readsEachPartitionInOffsetOrder() throws Exception {
    transport.createTopic("t", 2, "g");
    QueueProducer producer = transport.createProducer();
    producer.send(p0, data(0, 1));
    producer.send(p1, data(0, 2));
    producer.send(p0, data(0, 3));
    QueueConsumer consumer = transport.createConsumer("g");
    consumer.assign(List.of(p0));
    List<QueueRecord> records = consumer.poll(100, 10);
    assertEquals(2, records.size());
    assertEquals(0, records.get(0).offset());
    assertEquals(1, records.get(0).message().elementCount());
    assertEquals(1, records.get(1).offset());
    assertEquals(3, records.get(1).message().elementCount());
    assertTrue("nothing more", consumer.poll(10, 10).isEmpty());
  }

  @Test
  public void producerWaitsUntilTheConsumerCommits() throws Exception {
    transport.createTopic("t", 1, "g");
    QueueProducer producer = transport.createProducer();
    QueueConsumer consumer = transport.createConsumer("g");
    consumer.assign(List.of(p0));
    producer.send(p0, data(0, 1));
    producer.send(p0, data(0, 2));
    CompletableFuture<Void> third =
        CompletableFuture.runAsync(
            () -> {
              try {
                producer.send(p0, data(0, 3));
              } catch (InterruptedException e) {
                throw new IllegalStateException(e);
              }
            });
    assertFalse("a full partition blocks its producer", waitsUntilDone(third, 300));
    List<QueueRecord> read = consumer.poll(100, 10);
    assertEquals("reading alone frees no credit", 2, read.size());
    assertFalse(waitsUntilDone(third, 200));
    consumer.commit(Map.of(p0, 1L));
    third.get(5, TimeUnit.SECONDS);
    assertEquals(3, consumer.poll(1000, 10).get(0).message().elementCount());
  }

  @Test
  public void aNewConsumerOfTheGroupResumesAtTheCommittedOffset() throws Exception {
    transport.createTopic("t", 1, "g");
    QueueProducer producer = transport.createProducer();
    producer.send(p0, data(0, 1));
    producer.send(p0, data(0, 2));
    QueueConsumer first = transport.createConsumer("g");
    first.assign(List.of(p0));
    first.poll(100, 1);
    first.commit(Map.of(p0, 1L));
    first.close();
    QueueConsumer second = transport.createConsumer("g");
    second.assign(List.of(p0));
    List<QueueRecord> records = second.poll(100, 10);
    assertEquals(1, records.size());
    assertEquals(1, records.get(0).offset());
  }

  @Test
  public void deletingATopicReleasesABlockedProducer() throws Exception {
    transport.createTopic("t", 1, "g");
    QueueProducer producer = transport.createProducer();
    producer.send(p0, data(0, 1));
    producer.send(p0, data(0, 2));
    CompletableFuture<Void> blocked =
        CompletableFuture.runAsync(
            () -> {
              try {
                producer.send(p0, data(0, 3));
              } catch (InterruptedException e) {
                throw new IllegalStateException(e);
              }
            });
    assertFalse(waitsUntilDone(blocked, 200));
    transport.deleteTopics(java.util.List.of("t"));
    try {
      blocked.get(5, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      assertTrue(e.getCause().getMessage().contains("deleted"));
      return;
    }
    throw new AssertionError("send to a deleted topic must fail");
  }

  private static boolean waitsUntilDone(CompletableFuture<?> future, long millis) {
    try {
      future.get(millis, TimeUnit.MILLISECONDS);
      return true;
    } catch (java.util.concurrent.TimeoutException e) {
      return false;
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
