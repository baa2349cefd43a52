package io.solstice.engine.worker;

import io.solstice.engine.queue.QueueProducer;
import io.solstice.engine.queue.SplitMessage;
import io.solstice.engine.queue.TopicPartition;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A worker's producer that adds up the time its sends and flushes take. A send returns at once
 * unless the partition is full, so that time is the time the worker was held back by backpressure
 * (and, on Kafka, the flushes' round trips).
 */
final class TimedProducer implements QueueProducer {
  private final QueueProducer producer;
  private final AtomicLong nanos;

  TimedProducer(QueueProducer producer, AtomicLong nanos) {
    this.producer = producer;
    this.nanos = nanos;
  }

  @Override
  public void send(TopicPartition partition, SplitMessage message) throws InterruptedException {
    long start = System.nanoTime();
    try {
      producer.send(partition, message);
    } finally {
      nanos.addAndGet(System.nanoTime() - start);
    }
  }

  @Override
  public void flush() throws InterruptedException {
    long start = System.nanoTime();
    try {
      producer.flush();
    } finally {
      nanos.addAndGet(System.nanoTime() - start);
    }
  }

  @Override
  public void close() {
    producer.close();
  }
}
