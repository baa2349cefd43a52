package io.solstice.examples.streaming;

import io.solstice.engine.queue.kafka.EmbeddedKafkaBroker;
import io.solstice.examples.streaming.KafkaTopics.TimedPane;
import io.solstice.runner.SolsticeRunner;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/**
 * Runs {@link WindowedCounts} for a while against a broker (by default one started in this JVM),
 * feeding it generated events (some of them late), prints the panes as they come out, then cancels
 * the job.
 */
public final class WindowedCountsExample {
  private WindowedCountsExample() {}

  /** Options of the runnable example on top of the job's. */
  public interface Options extends WindowedCounts.Options {
    @Description("How long to run the job before cancelling it, in seconds")
    @Default.Integer(30)
    int getDurationSeconds();

    void setDurationSeconds(int value);

    @Description("Events per second the generator sends (every 50th is late)")
    @Default.Long(200)
    long getEventsPerSecond();

    void setEventsPerSecond(long value);
  }

  public static void main(String[] args) throws Exception {
    Options options = PipelineOptionsFactory.fromArgs(args).withValidation().as(Options.class);
    if (Arrays.stream(args).noneMatch(a -> a.startsWith("--runner"))) {
      options.setRunner(SolsticeRunner.class);
    }
    EmbeddedKafkaBroker broker = null;
    if (options.getBootstrapServers().equals("embedded")) {
      broker = EmbeddedKafkaBroker.start();
      options.setBootstrapServers(broker.bootstrapServers());
      KafkaTopics.create(broker.bootstrapServers(), 2, options.getInputTopic(), options.getOutputTopic());
    }
    try {
      run(options);
    } finally {
      if (broker != null) {
        broker.close();
      }
    }
  }

  private static void run(Options options) throws Exception {
    String servers = options.getBootstrapServers();
    PipelineResult result = WindowedCounts.build(options).run();
    Map<String, Integer> panesByTiming = new TreeMap<>();
    long deadline = System.nanoTime() + Duration.ofSeconds(options.getDurationSeconds()).toNanos();
    try (EventGenerator generator =
            new EventGenerator(servers, options.getInputTopic(), 10, options.getEventsPerSecond(), 50, options.getWindowMillis())
                .start();
        KafkaConsumer<String, String> consumer = KafkaTopics.paneConsumer(servers, options.getOutputTopic())) {
      while (System.nanoTime() < deadline) {
        for (TimedPane timed : KafkaTopics.poll(consumer, Duration.ofMillis(500))) {
          WindowPane pane = timed.pane();
          panesByTiming.merge(pane.timing(), 1, Integer::sum);
          System.out.printf(
              "%s window [%tT, %tT) %-7s pane %d: %d events%n",
              pane.key(), pane.windowStartMillis(), pane.windowEndMillis(), pane.timing(), pane.paneIndex(), pane.count());
        }
      }
      System.out.printf("Sent %d events; panes by timing: %s. Cancelling the job.%n", generator.sent(), panesByTiming);
    } finally {
      System.out.println("Job " + result.cancel());
    }
  }
}
