package io.solstice.engine.worker;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.solstice.engine.EngineConfig;
import io.solstice.engine.fault.FaultInjector;
import io.solstice.engine.graph.EdgeSpec;
import io.solstice.engine.host.JobSignals;
import io.solstice.engine.operator.Partitioning;
import io.solstice.engine.operator.Watermarks;
import io.solstice.engine.payload.PayloadRef;
import io.solstice.engine.payload.PayloadStore;
import io.solstice.engine.queue.PartitionHost;
import io.solstice.engine.queue.QueueConsumer;
import io.solstice.engine.queue.QueueProducer;
import io.solstice.engine.queue.QueueRecord;
import io.solstice.engine.queue.SplitMessage;
import io.solstice.engine.queue.TopicPartition;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.After;
import org.junit.Test;

/**
 * A bundle's output and the watermark it leaves behind reach each partition together: the last
 * split carries the watermark, so no reader can see the data without it (or a timer fire between).
 */
public class EdgeWriterTest {
  private static final String TOPIC = "edge";
  private final PartitionHost host = new PartitionHost(64);

  @After
  public void close() {
    host.deleteAll();
  }

  @Test
  public void lastSplitOfABundleCarriesTheNewWatermark() throws Exception {
    EdgeWriter writer = writer(Partitioning.HASH, 2);
    int keyGroupOfPartition0 = 0;
    write(writer, keyGroupOfPartition0, 1);
    writer.flush(500);

    List<SplitMessage> partition0 = read(0);
    assertEquals(1, partition0.size());
    assertEquals(SplitMessage.Kind.DATA, partition0.get(0).kind());
    assertEquals(1, partition0.get(0).elementCount());
    assertFalse(partition0.get(0).bundleContinues());
    assertEquals(500, partition0.get(0).watermark());
    // The partition that got no data is told the watermark on its own.
    List<SplitMessage> partition1 = read(1);
    assertEquals(1, partition1.size());
    assertEquals(SplitMessage.Kind.WATERMARK, partition1.get(0).kind());
    assertEquals(500, partition1.get(0).watermark());
  }

  @Test
  public void splitsShippedBeforeTheBundleEndsKeepTheOldWatermark() throws Exception {
    EdgeWriter writer = writer(Partitioning.SINGLETON, 1);
    writer.flush(100);
    read(0);
    // Two elements fill a split (maxSplitElements = 2): it ships at once, with watermark 100.
    write(writer, 0, 3);
    writer.flush(200);

    List<SplitMessage> messages = read(0);
    assertEquals(2, messages.size());
    assertEquals(100, messages.get(0).watermark());
    assertEquals(2, messages.get(0).elementCount());
    assertTrue("more of the bundle follows", messages.get(0).bundleContinues());
    assertEquals(200, messages.get(1).watermark());
    assertEquals(1, messages.get(1).elementCount());
    assertFalse(messages.get(1).bundleContinues());
  }

  @Test
  public void aBundleThatEndsRightAfterAFullSplitSaysSo() throws Exception {
    EdgeWriter writer = writer(Partitioning.SINGLETON, 1);
    writer.flush(100);
    read(0);
    write(writer, 0, 2);
    writer.flush(100);

    List<SplitMessage> messages = read(0);
    assertEquals(2, messages.size());
    assertTrue(messages.get(0).bundleContinues());
    assertEquals(SplitMessage.Kind.WATERMARK, messages.get(1).kind());
    assertFalse(messages.get(1).bundleContinues());
    assertEquals(100, messages.get(1).watermark());
    // The next bundle starts afresh.
    writer.flush(100);
    assertEquals(0, read(0).size());
  }

  @Test
  public void bundleWithoutDataOrNewWatermarkSendsNothing() throws Exception {
    EdgeWriter writer = writer(Partitioning.HASH, 2);
    writer.flush(100);
    read(0);
    read(1);
    writer.flush(100);
    writer.flush(50);
    assertEquals(0, read(0).size());
    assertEquals(0, read(1).size());
  }

  @Test
  public void broadcastSplitCarriesTheWatermarkToEveryPartition() throws Exception {
    EdgeWriter writer = writer(Partitioning.BROADCAST, 3);
    write(writer, -1, 1);
    writer.flush(700);
    for (int p = 0; p < 3; p++) {
      List<SplitMessage> messages = read(p);
      assertEquals(1, messages.size());
      assertEquals(SplitMessage.Kind.DATA, messages.get(0).kind());
      assertEquals(700, messages.get(0).watermark());
    }
  }

  @Test
  public void aBarrierGoesAfterTheDataButNeverAfterTheEnd() throws Exception {
    EdgeWriter writer = writer(Partitioning.HASH, 2);
    writer.flush(100);
    writer.publishBarrier(1);
    for (int p = 0; p < 2; p++) {
      List<SplitMessage> messages = read(p);
      assertEquals(2, messages.size());
      assertEquals(SplitMessage.Kind.BARRIER, messages.get(1).kind());
      assertEquals(1, messages.get(1).checkpointId());
    }
    // Readers stop at the end: a barrier after it would never be read.
    writer.flush(Watermarks.END);
    writer.publishBarrier(2);
    for (int p = 0; p < 2; p++) {
      List<SplitMessage> messages = read(p);
      assertEquals(1, messages.size());
      assertEquals(Watermarks.END, messages.get(0).watermark());
    }
  }

  private EdgeWriter writer(Partitioning partitioning, int partitions) {
    List<Integer> all = new ArrayList<>();
    for (int p = 0; p < partitions; p++) {
      all.add(p);
    }
    host.host(TOPIC, partitions, all);
    EdgeSpec edge = new EdgeSpec(1, "edge", 0, 1, partitioning, partitions);
    EngineConfig config = new EngineConfig().maxSplitElements(2);
    return new EdgeWriter(
        edge, TOPIC, 0, producer(), inlineOnly(), new JobSignals(false, 0), config, new WorkerCounters(), FaultInjector.none());
  }

  private static void write(EdgeWriter writer, int keyGroup, int elements) throws IOException {
    for (int i = 0; i < elements; i++) {
      writer.beginElement(keyGroup).write(i);
      writer.endElement();
    }
  }

  private List<SplitMessage> read(int partition) throws Exception {
    QueueConsumer consumer = host.consumer("reader-" + partition);
    TopicPartition tp = new TopicPartition(TOPIC, partition);
    consumer.assign(List.of(tp));
    List<SplitMessage> messages = new ArrayList<>();
    for (QueueRecord record : consumer.poll(10, 100)) {
      messages.add(record.message());
      consumer.commit(java.util.Map.of(tp, record.offset() + 1));
    }
    return messages;
  }

  private QueueProducer producer() {
    return new QueueProducer() {
      @Override
      public void send(TopicPartition partition, SplitMessage message) throws InterruptedException {
        host.append(partition, message);
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
  }

  /** Splits here are small enough to travel inline. */
  private static PayloadStore inlineOnly() {
    return new PayloadStore() {
      @Override
      public PayloadRef put(byte[] data, int readers) {
        throw new AssertionError("a small split went to the payload store");
      }

      @Override
      public byte[] take(PayloadRef ref) {
        throw new AssertionError("nothing was stored");
      }
    };
  }
}
