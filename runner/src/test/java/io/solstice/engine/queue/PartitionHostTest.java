package io.solstice.engine.queue;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.After;
import org.junit.Test;

/** Partitions held by an executor: offsets, commits, backpressure, deletion. */
public class PartitionHostTest {
  private final PartitionHost host = new PartitionHost(2);
  private final TopicPartition p0 = new TopicPartition("t", 0);
  private final TopicPartition p1 = new TopicPartition("t", 1);

  @After
  public void close() {
    host.deleteAll();
  }

  private void hostTopic(int partitions) {
    List<Integer> all = new java.util.ArrayList<>();
    for (int p = 0; p < partitions; p++) {
      all.add(p);
    }
    host.host("t", partitions, all);
  }

  private static SplitMessage data(int producer, int n) {
    return SplitMessage.inline(producer, 0, n, new byte[] {(byte) n});
  }

  @Test
  public void readsEachPartitionInOffsetOrder() throws Exception {
    hostTopic(2);
    host.append(p0, data(0, 1));
    host.append(p1, data(0, 2));
    host.append(p0, data(0, 3));
    QueueConsumer consumer = host.consumer("g");
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
    hostTopic(1);
    QueueConsumer consumer = host.consumer("g");
    consumer.assign(List.of(p0));
    host.append(p0, data(0, 1));
    host.append(p0, data(0, 2));
    CompletableFuture<Void> third =
        CompletableFuture.runAsync(
            () -> {
              try {
                host.append(p0, data(0, 3));
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
    hostTopic(1);
    host.append(p0, data(0, 1));
    host.append(p0, data(0, 2));
    QueueConsumer first = host.consumer("g");
    first.assign(List.of(p0));
    first.poll(100, 1);
    first.commit(Map.of(p0, 1L));
    first.close();
    QueueConsumer second = host.consumer("g");
    second.assign(List.of(p0));
    List<QueueRecord> records = second.poll(100, 10);
    assertEquals(1, records.size());
    assertEquals(1, records.get(0).offset());
  }

  @Test
  public void aRemoteAppendToAFullPartitionAnswersNoRoomAfterItsWait() throws Exception {
    hostTopic(1);
    QueueConsumer consumer = host.consumer("g");
    consumer.assign(List.of(p0));
    assertTrue(host.tryAppend(p0, data(0, 1), 0));
    assertTrue(host.tryAppend(p0, data(0, 2), 0));
    long start = System.nanoTime();
    assertFalse("full: no room within the wait", host.tryAppend(p0, data(0, 3), 50));
    assertTrue("it waited", System.nanoTime() - start >= 40_000_000L);
    consumer.poll(100, 10);
    consumer.commit(Map.of(p0, 2L));
    assertTrue(host.tryAppend(p0, data(0, 3), 0));
  }

  @Test
  public void partitionsHostedElsewhereAreRefused() {
    host.host("t", 2, List.of(1));
    assertThrows(IllegalArgumentException.class, () -> host.append(p0, data(0, 1)));
  }

  @Test
  public void deletingATopicReleasesABlockedProducer() throws Exception {
    hostTopic(1);
    host.append(p0, data(0, 1));
    host.append(p0, data(0, 2));
    CompletableFuture<Void> blocked =
        CompletableFuture.runAsync(
            () -> {
              try {
                host.append(p0, data(0, 3));
              } catch (InterruptedException e) {
                throw new IllegalStateException(e);
              }
            });
    assertFalse(waitsUntilDone(blocked, 200));
    host.deleteAll();
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
