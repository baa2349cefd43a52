package io.solstice.examples.streaming;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.io.kafka.KafkaIO;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.ExperimentalOptions;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.windowing.AfterPane;
import org.apache.beam.sdk.transforms.windowing.AfterProcessingTime;
import org.apache.beam.sdk.transforms.windowing.AfterWatermark;
import org.apache.beam.sdk.transforms.windowing.FixedWindows;
import org.apache.beam.sdk.transforms.windowing.IntervalWindow;
import org.apache.beam.sdk.transforms.windowing.PaneInfo;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * The streaming example: reads events from a Kafka topic with Beam's KafkaIO (event time = the
 * record's create time), counts them per record key in fixed event-time windows, and writes every
 * pane to another topic. Panes fire early (a processing-time delay after a pane's first element),
 * on time (when the watermark passes the window's end) and late (for each late event within the
 * allowed lateness); panes accumulate. Later events are dropped.
 *
 * <p>It uses Beam only, so that the checkpoint benchmark runs the same job on the Flink runner.
 */
public final class WindowedCounts {
  private WindowedCounts() {}

  /** Options of the windowed-count job. */
  public interface Options extends PipelineOptions {
    @Description("Kafka brokers as host:port[,host:port], or 'embedded' for a broker in this JVM")
    @Default.String("embedded")
    String getBootstrapServers();

    void setBootstrapServers(String value);

    @Description("Topic the events are read from; the record key is what is counted")
    @Default.String("events")
    String getInputTopic();

    void setInputTopic(String value);

    @Description("Topic every pane is written to (key: the counted key; value: WindowPane CSV)")
    @Default.String("window-counts")
    String getOutputTopic();

    void setOutputTopic(String value);

    @Description("Length of the event-time windows, in milliseconds")
    @Default.Long(10_000)
    long getWindowMillis();

    void setWindowMillis(long value);

    @Description("Early panes fire this long (processing time) after a pane's first element")
    @Default.Long(1_000)
    long getEarlyFiringMillis();

    void setEarlyFiringMillis(long value);

    @Description("How long after a window's end late events still update it, in milliseconds")
    @Default.Long(30_000)
    long getAllowedLatenessMillis();

    void setAllowedLatenessMillis(long value);

    @Description("How far behind the newest event time the watermark is held, in milliseconds")
    @Default.Long(500)
    long getMaxEventDelayMillis();

    void setMaxEventDelayMillis(long value);

    @Description(
        "For recovery benchmarks: the job fails once, at the first event at or after this event time"
            + " (epoch milliseconds); -1: never")
    @Default.Long(-1)
    long getFailAtEventTimeMillis();

    void setFailAtEventTimeMillis(long value);

    @Description("File that remembers the failure (it holds the failure's wall-clock time), so it happens once")
    @Default.String("")
    String getFailMarker();

    void setFailMarker(String value);
  }

  /** Adds the read-count-write job to a new pipeline on {@code options}. */
  public static Pipeline build(Options options) {
    // KafkaIO's legacy UnboundedSource reader calls KafkaConsumer.poll(long), which kafka-clients
    // 4 removed; its splittable-DoFn reader uses the current API, so ask for that one, unless the
    // legacy reader is asked for (the Flink runner's own source wrapper reads it, on kafka-clients 3).
    ExperimentalOptions experiments = options.as(ExperimentalOptions.class);
    boolean legacyRead = ExperimentalOptions.hasExperiment(experiments, "use_deprecated_read");
    if (!legacyRead) {
      ExperimentalOptions.addExperiment(experiments, "use_sdf_read");
    }
    KafkaIO.Read<String, String> read =
        KafkaIO.<String, String>read()
            .withBootstrapServers(options.getBootstrapServers())
            .withTopic(options.getInputTopic())
            .withKeyDeserializer(StringDeserializer.class)
            .withValueDeserializer(StringDeserializer.class)
            .withCreateTime(Duration.millis(options.getMaxEventDelayMillis()))
            .withConsumerConfigUpdates(Map.of(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"));
    if (!legacyRead) {
      // A read call ships its records and watermark when it returns, after this many seconds of
      // polling (2 by default): the shortest keeps panes fresh. The legacy reader has no such call.
      read = read.withConsumerPollingTimeout(1);
    }
    Pipeline pipeline = Pipeline.create(options);
    pipeline
        .apply("ReadEvents", read.withoutMetadata())
        .apply("CountPerWindow", new CountPerWindow(options))
        .apply(
            "WritePanes",
            KafkaIO.<String, String>write()
                .withBootstrapServers(options.getBootstrapServers())
                .withTopic(options.getOutputTopic())
                .withKeySerializer(StringSerializer.class)
                .withValueSerializer(StringSerializer.class));
    return pipeline;
  }

  /** Keyed events in; one record per pane out, keyed as the input, valued as a WindowPane. */
  static final class CountPerWindow
      extends PTransform<PCollection<KV<String, String>>, PCollection<KV<String, String>>> {
    private final Duration window;
    private final Duration earlyFiring;
    private final Duration allowedLateness;

    private final long failAt;
    private final String failMarker;

    CountPerWindow(Options options) {
      this.window = Duration.millis(options.getWindowMillis());
      this.earlyFiring = Duration.millis(options.getEarlyFiringMillis());
      this.allowedLateness = Duration.millis(options.getAllowedLatenessMillis());
      this.failAt = options.getFailAtEventTimeMillis();
      this.failMarker = options.getFailMarker();
      if (failAt >= 0 && failMarker.isEmpty()) {
        throw new IllegalArgumentException("--failAtEventTimeMillis needs --failMarker, the file that makes it happen once");
      }
    }

    @Override
    public PCollection<KV<String, String>> expand(PCollection<KV<String, String>> events) {
      return events
          .apply("EventTimes", ParDo.of(new EventTimeOfKey(failAt, failMarker)))
          .apply(
              "Window",
              Window.<KV<String, Long>>into(FixedWindows.of(window))
                  .triggering(
                      AfterWatermark.pastEndOfWindow()
                          .withEarlyFirings(
                              AfterProcessingTime.pastFirstElementInPane().plusDelayOf(earlyFiring))
                          .withLateFirings(AfterPane.elementCountAtLeast(1)))
                  .withAllowedLateness(allowedLateness)
                  .accumulatingFiredPanes())
          .apply("Count", Combine.perKey(new CountAndLatest()))
          .apply("FormatPanes", ParDo.of(new FormatPane()));
    }
  }

  /**
   * Keeps the key and replaces the value by the event's time. Given a failure time, fails the job
   * once there, writing the wall-clock time of the failure to the marker file; an instance set up
   * after the failure (the restarted job's) writes the time of its first element to the marker
   * file's name plus {@code .resumed}, so a benchmark can tell how long recovery took.
   */
  static final class EventTimeOfKey extends DoFn<KV<String, String>, KV<String, Long>> {
    private final long failAt;
    private final String failMarker;
    private transient long setUpAt;
    /** This instance has looked for an earlier failure (at its first element). */
    private transient boolean looked;
    /** The marker exists: this instance need not look again. */
    private transient boolean failedBefore;

    EventTimeOfKey(long failAt, String failMarker) {
      this.failAt = failAt;
      this.failMarker = failMarker;
    }

    @Setup
    public void setup() {
      setUpAt = System.currentTimeMillis();
    }

    @ProcessElement
    public void process(
        @Element KV<String, String> event,
        @Timestamp Instant eventTime,
        OutputReceiver<KV<String, Long>> out)
        throws IOException {
      if (failAt >= 0 && !looked) {
        looked = true;
        noteResumption();
      }
      if (failAt >= 0 && !failedBefore && eventTime.getMillis() >= failAt && createOnce(Path.of(failMarker))) {
        throw new IllegalStateException("Failure injected at event time " + eventTime);
      }
      out.output(KV.of(event.getKey(), eventTime.getMillis()));
    }

    /** If the job failed before this instance was set up, this is the restarted job's first element. */
    private void noteResumption() throws IOException {
      Path marker = Path.of(failMarker);
      if (!Files.exists(marker)) {
        return;
      }
      failedBefore = true;
      long failedAt = Long.parseLong(Files.readString(marker, StandardCharsets.UTF_8).trim());
      if (setUpAt > failedAt) {
        createOnce(Path.of(failMarker + ".resumed"));
      }
    }

    /** Writes the time to {@code file} unless it exists; true for the one call that created it. */
    private boolean createOnce(Path file) throws IOException {
      try {
        Files.writeString(
            file,
            Long.toString(System.currentTimeMillis()),
            StandardCharsets.UTF_8,
            StandardOpenOption.CREATE_NEW,
            StandardOpenOption.WRITE);
        return true;
      } catch (FileAlreadyExistsException e) {
        failedBefore = true;
        return false;
      }
    }
  }

  /** Writes a pane's window, timing, index, count and newest event time as a WindowPane. */
  static final class FormatPane extends DoFn<KV<String, KV<Long, Long>>, KV<String, String>> {
    @ProcessElement
    public void process(
        @Element KV<String, KV<Long, Long>> counted,
        IntervalWindow window,
        PaneInfo pane,
        OutputReceiver<KV<String, String>> out) {
      WindowPane record =
          new WindowPane(
              counted.getKey(),
              window.start().getMillis(),
              window.end().getMillis(),
              pane.getTiming().name(),
              pane.getIndex(),
              counted.getValue().getKey(),
              counted.getValue().getValue());
      out.output(KV.of(counted.getKey(), record.toCsv()));
    }
  }
}
