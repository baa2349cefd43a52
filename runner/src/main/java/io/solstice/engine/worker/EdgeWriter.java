package io.solstice.engine.worker;

import io.solstice.engine.EngineConfig;
import io.solstice.engine.fault.FaultInjector;
import io.solstice.engine.fault.FaultPoint;
import io.solstice.engine.graph.EdgeSpec;
import io.solstice.engine.host.JobSignals;
import io.solstice.engine.operator.KeyGroups;
import io.solstice.engine.operator.Partitioning;
import io.solstice.engine.operator.SplitWriter;
import io.solstice.engine.operator.Watermarks;
import io.solstice.engine.payload.PayloadRef;
import io.solstice.engine.payload.PayloadStore;
import io.solstice.engine.queue.QueueProducer;
import io.solstice.engine.queue.SplitMessage;
import io.solstice.engine.queue.TopicPartition;
import java.io.OutputStream;

/**
 * Buffers one worker's output to one edge into splits, routes them to partitions and ships them:
 * inline in the queue message when small, through the payload store otherwise.
 */
final class EdgeWriter implements SplitWriter {
  private final EdgeSpec edge;
  private final TopicPartition[] partitions;
  private final SplitBuffer[] buffers;
  private final int producer;
  private final QueueProducer queue;
  private final PayloadStore payloads;
  private final JobSignals signals;
  private final EngineConfig config;
  private final WorkerCounters counters;
  private final FaultInjector faults;
  private int current = -1;
  private int nextRebalance;
  private long publishedWatermark = Long.MIN_VALUE;
  /** Per buffer: a split went out from it in the open bundle, marked as continuing. */
  private final boolean[] continuing;

  EdgeWriter(
      EdgeSpec edge,
      String topic,
      int producer,
      QueueProducer queue,
      PayloadStore payloads,
      JobSignals signals,
      EngineConfig config,
      WorkerCounters counters,
      FaultInjector faults) {
    this.faults = faults;
    this.edge = edge;
    this.payloads = payloads;
    this.signals = signals;
    this.producer = producer;
    this.queue = queue;
    this.config = config;
    this.counters = counters;
    this.partitions = new TopicPartition[edge.partitions()];
    for (int p = 0; p < partitions.length; p++) {
      partitions[p] = new TopicPartition(topic, p);
    }
    // A broadcast edge fills one split and ships it to every partition.
    int bufferCount = edge.partitioning() == Partitioning.BROADCAST ? 1 : partitions.length;
    this.buffers = new SplitBuffer[bufferCount];
    this.continuing = new boolean[bufferCount];
    int initial = Math.min(config.targetSplitBytes(), 64 << 10);
    for (int i = 0; i < bufferCount; i++) {
      buffers[i] = new SplitBuffer(initial, (int) Math.min(Integer.MAX_VALUE, 2L * config.targetSplitBytes()));
    }
    this.nextRebalance = producer % partitions.length;
  }

  @Override
  public Partitioning partitioning() {
    return edge.partitioning();
  }

  @Override
  public OutputStream beginElement(int keyGroup) {
    current = route(keyGroup);
    return buffers[current];
  }

  private int route(int keyGroup) {
    switch (edge.partitioning()) {
      case FORWARD:
        return producer % partitions.length;
      case REBALANCE:
        int p = nextRebalance;
        nextRebalance = (nextRebalance + 1) % partitions.length;
        return p;
      case HASH:
        if (keyGroup < 0 || keyGroup >= config.maxKeyGroups()) {
          throw new IllegalArgumentException(
              "Key group " + keyGroup + " out of range for keyed " + edge);
        }
        return KeyGroups.partitionOf(keyGroup, config.maxKeyGroups(), partitions.length);
      case BROADCAST:
      case SINGLETON:
        return 0;
      default:
        throw new IllegalStateException("Unknown partitioning " + edge.partitioning());
    }
  }

  @Override
  public void endElement() {
    SplitBuffer buffer = buffers[current];
    buffer.elementWritten();
    if (buffer.size() >= config.targetSplitBytes()
        || buffer.elements() >= config.maxSplitElements()) {
      ship(current, true);
      continuing[current] = true;
    }
  }

  /**
   * Ends the bundle on this edge: ships every partly filled split, carrying the worker's new output
   * {@code watermark}. A reader then takes the bundle's last data and the watermark that follows
   * it in one message, never the watermark alone in a later poll (where a processing-time timer
   * could fire in between, as a downstream continuation trigger would). A partition that gets no
   * split is told the watermark on its own if it moved, or that the bundle ended if a split marked
   * as continuing went there.
   */
  void flush(long watermark) {
    boolean advanced = watermark > publishedWatermark;
    if (advanced) {
      publishedWatermark = watermark;
    }
    for (int i = 0; i < buffers.length; i++) {
      boolean shipped = !buffers[i].isEmpty();
      if (shipped) {
        ship(i, false);
      } else if (advanced || continuing[i]) {
        sendToBufferPartitions(i, SplitMessage.watermark(producer, publishedWatermark));
      }
      continuing[i] = false;
    }
  }

  private void ship(int buffer, boolean bundleContinues) {
    SplitBuffer split = buffers[buffer];
    int elements = split.elements();
    byte[] data = split.take();
    boolean broadcast = edge.partitioning() == Partitioning.BROADCAST;
    int readers = broadcast ? partitions.length : 1;
    SplitMessage message;
    if (data.length <= config.inlineSplitBytes()) {
      message = SplitMessage.inline(producer, publishedWatermark, elements, data);
    } else {
      PayloadRef ref = payloads.put(data, readers);
      message = SplitMessage.stored(producer, publishedWatermark, elements, ref);
    }
    sendToBufferPartitions(buffer, bundleContinues ? message.bundleContinuing() : message);
    counters.splitsOut.incrementAndGet();
    counters.elementsOut.addAndGet(elements);
    counters.bytesOut.addAndGet(data.length);
    faults.reached(FaultPoint.MID_BUNDLE);
  }

  /** A broadcast edge's one buffer feeds every partition; any other buffer, its own. */
  private void sendToBufferPartitions(int buffer, SplitMessage message) {
    if (edge.partitioning() == Partitioning.BROADCAST) {
      for (TopicPartition partition : partitions) {
        send(partition, message);
      }
    } else {
      send(partitions[buffer], message);
    }
  }

  /** Announces this worker's output watermark on every partition. */
  void publishWatermark(long watermark) {
    if (watermark <= publishedWatermark) {
      return;
    }
    publishedWatermark = watermark;
    SplitMessage message = SplitMessage.watermark(producer, watermark);
    for (TopicPartition partition : partitions) {
      send(partition, message);
    }
  }

  /**
   * Sends checkpoint {@code checkpointId}'s barrier on every partition, after everything written
   * so far; the caller has flushed its splits. It carries the current output watermark. Nothing
   * goes out after the end of the output: readers stop at the end, counting the channel as aligned,
   * and a message they never read would keep the job from ever being quiescent.
   */
  void publishBarrier(long checkpointId) {
    if (publishedWatermark == Watermarks.END) {
      return;
    }
    SplitMessage message = SplitMessage.barrier(producer, publishedWatermark, checkpointId);
    for (TopicPartition partition : partitions) {
      send(partition, message);
    }
  }

  /**
   * This worker leaves its rescaled pool: its last message on every partition, after its last
   * barrier, says that {@code nextProducers} workers write the edge from now on. An ended output
   * needs none (its readers count an ended producer as gone).
   */
  void publishRetire(int nextProducers) {
    if (publishedWatermark == Watermarks.END) {
      return;
    }
    SplitMessage message = SplitMessage.retire(producer, publishedWatermark, nextProducers);
    for (TopicPartition partition : partitions) {
      send(partition, message);
    }
  }

  private void send(TopicPartition partition, SplitMessage message) {
    signals.sent(1);
    try {
      queue.send(partition, message);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new WorkerCancelledException("Interrupted while writing to " + edge);
    }
  }
}
