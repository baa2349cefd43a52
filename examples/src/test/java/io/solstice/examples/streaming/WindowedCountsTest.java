package io.solstice.examples.streaming;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.not;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.solstice.engine.queue.kafka.EmbeddedKafkaBroker;
import io.solstice.examples.streaming.KafkaTopics.TimedPane;
import io.solstice.runner.SolsticeRunner;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * Runs the streaming example against a real Kafka broker: events with chosen create times go in,
 * and the panes that come out are checked for early, on-time and late firings and for dropped
 * too-late data. The job is then cancelled.
 */
public class WindowedCountsTest {
  private static final long WINDOW = 6_000;
  private static final long LATENESS = 60_000;
  private static final Duration PANE_TIMEOUT = Duration.ofSeconds(90);

  private static EmbeddedKafkaBroker broker;

  @BeforeClass
  public static void startBroker() {
    broker = EmbeddedKafkaBroker.start();
  }

  @AfterClass
  public static void stopBroker() {
    broker.close();
  }

  @Test
  public void firesEarlyOnTimeAndLatePanesUntilCancelled() throws Exception {
    String servers = broker.bootstrapServers();
    KafkaTopics.create(servers, 2, "events", "window-counts");
    WindowedCounts.Options options =
        PipelineOptionsFactory.fromArgs(
                "--bootstrapServers=" + servers,
                "--windowMillis=" + WINDOW,
                "--earlyFiringMillis=300",
                "--allowedLatenessMillis=" + LATENESS,
                "--maxEventDelayMillis=200",
                "--parallelism=2",
                "--progressIntervalSeconds=5")
            .as(WindowedCounts.Options.class);
    options.setRunner(SolsticeRunner.class);
    PipelineResult result = WindowedCounts.build(options).run();
    List<WindowPane> panes = new ArrayList<>();
    try (KafkaProducer<String, String> producer = KafkaTopics.producer(servers);
        KafkaConsumer<String, String> consumer = KafkaTopics.paneConsumer(servers, "window-counts")) {
      // A first event in a past window on each partition (KafkaIO holds the watermark of a
      // partition that never had a record): on-time panes show the job reads and its watermark moves.
      long now = System.currentTimeMillis();
      for (int partition = 0; partition < 2; partition++) {
        producer.send(new ProducerRecord<>("events", partition, now - 3 * WINDOW, "warm-up-" + partition, "event"));
      }
      for (int partition = 0; partition < 2; partition++) {
        String key = "warm-up-" + partition;
        awaitPane(consumer, panes, p -> p.key().equals(key) && p.timing().equals("ON_TIME"));
      }

      // Events at the start of the current window: early panes come before its end, on time after.
      long windowStart = awaitWindowStart();
      Map<String, Integer> expected = Map.of("a", 5, "b", 3, "c", 1);
      expected.forEach(
          (key, count) -> {
            for (int i = 0; i < count; i++) {
              send(producer, key, windowStart + 10 * i);
            }
          });
      producer.flush();
      for (String key : expected.keySet()) {
        awaitPane(consumer, panes, onTime(key, windowStart));
      }

      // Beyond the allowed lateness: dropped. Then within it: a late pane. Same key, same
      // partition, so the dropped one is read first.
      long tooLateWindowStart = windowStart - 20 * WINDOW;
      send(producer, "a", tooLateWindowStart + 1);
      send(producer, "a", windowStart + 100);
      producer.flush();
      awaitPane(consumer, panes, p -> p.key().equals("a") && p.timing().equals("LATE"));
      Thread.sleep(1_000);
      KafkaTopics.poll(consumer, Duration.ofMillis(500)).forEach(t -> panes.add(t.pane()));

      Map<String, List<WindowPane>> byKey =
          panes.stream()
              .filter(p -> p.windowStartMillis() == windowStart)
              .collect(Collectors.groupingBy(WindowPane::key));
      for (Map.Entry<String, Integer> entry : expected.entrySet()) {
        List<WindowPane> keyPanes = byKey.get(entry.getKey());
        List<Long> onTimeCounts =
            keyPanes.stream().filter(p -> p.timing().equals("ON_TIME")).map(WindowPane::count).toList();
        assertEquals("one on-time pane with every event of " + entry.getKey(),
            List.of((long) entry.getValue()), onTimeCounts);
        List<WindowPane> early = keyPanes.stream().filter(p -> p.timing().equals("EARLY")).toList();
        assertThat("an early pane for " + entry.getKey() + " before the window's end: " + keyPanes,
            early, not(empty()));
        for (WindowPane pane : early) {
          assertThat(pane.count(), lessThanOrEqualTo((long) entry.getValue()));
        }
      }
      List<Long> lateCounts =
          byKey.get("a").stream().filter(p -> p.timing().equals("LATE")).map(WindowPane::count).toList();
      assertEquals("the late pane accumulates the on-time count", List.of(6L), lateCounts);
      assertTrue("an event beyond the allowed lateness is dropped: " + panes,
          panes.stream().noneMatch(p -> p.windowStartMillis() == tooLateWindowStart));
    } finally {
      assertEquals(PipelineResult.State.CANCELLED, result.cancel());
    }
    assertEquals(PipelineResult.State.CANCELLED, result.waitUntilFinish());
  }

  private static Predicate<WindowPane> onTime(String key, long windowStart) {
    return p -> p.key().equals(key) && p.windowStartMillis() == windowStart && p.timing().equals("ON_TIME");
  }

  private static void send(KafkaProducer<String, String> producer, String key, long eventMillis) {
    producer.send(new ProducerRecord<>("events", null, eventMillis, key, "event"));
  }

  /** Waits for the next window to begin and returns its start. */
  private static long awaitWindowStart() throws InterruptedException {
    long now = System.currentTimeMillis();
    long next = (now / WINDOW + 1) * WINDOW;
    Thread.sleep(next - now + 50);
    return next;
  }

  private static void awaitPane(
      KafkaConsumer<String, String> consumer, List<WindowPane> panes, Predicate<WindowPane> wanted) {
    long deadline = System.nanoTime() + PANE_TIMEOUT.toNanos();
    while (panes.stream().noneMatch(wanted)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("No such pane within " + PANE_TIMEOUT + "; panes so far: " + panes);
      }
      for (TimedPane timed : KafkaTopics.poll(consumer, Duration.ofMillis(200))) {
        panes.add(timed.pane());
      }
    }
  }
}
