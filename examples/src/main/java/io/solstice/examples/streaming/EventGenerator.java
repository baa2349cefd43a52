package io.solstice.examples.streaming;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Sends events to the input topic at a fixed rate from its own thread, each stamped with the time
 * it is sent as its create (event) time, keys drawn round-robin from {@code key-0 .. key-(n-1)}.
 * Every {@code lateEvery}-th event (0: none) is stamped {@code lateByMillis} in the past instead,
 * so the job sees late data.
 */
public final class EventGenerator implements AutoCloseable {
  private final KafkaProducer<String, String> producer;
  private final String topic;
  private final int keys;
  private final long ratePerSecond;
  private final long lateEvery;
  private final long lateByMillis;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final AtomicLong sent = new AtomicLong();
  private final Thread thread;

  public EventGenerator(
      String bootstrapServers, String topic, int keys, long ratePerSecond, long lateEvery, long lateByMillis) {
    this.producer = KafkaTopics.producer(bootstrapServers);
    this.topic = topic;
    this.keys = keys;
    this.ratePerSecond = ratePerSecond;
    this.lateEvery = lateEvery;
    this.lateByMillis = lateByMillis;
    this.thread = new Thread(this::run, "event-generator");
    thread.setDaemon(true);
  }

  public EventGenerator start() {
    thread.start();
    return this;
  }

  public long sent() {
    return sent.get();
  }

  private void run() {
    long started = System.nanoTime();
    while (running.get()) {
      long due = (System.nanoTime() - started) * ratePerSecond / TimeUnit.SECONDS.toNanos(1);
      for (long n = sent.get(); n < due; n++) {
        long now = System.currentTimeMillis();
        boolean late = lateEvery > 0 && n % lateEvery == lateEvery - 1;
        String key = "key-" + (n % keys);
        producer.send(new ProducerRecord<>(topic, null, late ? now - lateByMillis : now, key, "event"));
        sent.incrementAndGet();
      }
      try {
        Thread.sleep(1);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  @Override
  public void close() throws InterruptedException {
    running.set(false);
    thread.join();
    producer.close();
  }
}
