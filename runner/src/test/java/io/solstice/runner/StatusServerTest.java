package io.solstice.runner;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.PeriodicImpulse;
import org.apache.beam.sdk.transforms.Reshuffle;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The status server of a running job: its JSON API (job, stage graph with live counters, Beam
 * metrics, checkpoints), its page, cancelling through it, and its options.
 */
public class StatusServerTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();

  @Rule public TemporaryFolder folder = new TemporaryFolder();

  /** Counts the ticks it sees, as a user's metric. */
  static final class CountTicks extends DoFn<Instant, Instant> {
    private final Counter ticks = Metrics.counter(StatusServerTest.class, "ticks");

    @ProcessElement
    public void process(@Element Instant tick, OutputReceiver<Instant> out) {
      ticks.inc();
      out.output(tick);
    }
  }

  /**
   * A job that counts ticks, 200 a second for 10 minutes (cancel it), with checkpoints every 200 ms
   * to {@code checkpoints}.
   */
  static Pipeline tickingJob(String checkpoints) {
    SolsticePipelineOptions options = TestOptions.solstice(2);
    options.setCheckpointingInterval(200L);
    options.setCheckpointLocation(checkpoints);
    Pipeline pipeline = Pipeline.create(options);
    Instant start = Instant.now();
    pipeline
        .apply(PeriodicImpulse.create().startAt(start).stopAt(start.plus(Duration.standardMinutes(10))).withInterval(Duration.millis(5)))
        // Over a queue, so that the stage counting the ticks takes them in one by one.
        .apply(Reshuffle.viaRandomKey())
        .apply("CountTicks", ParDo.of(new CountTicks()));
    return pipeline;
  }

  @Test(timeout = 120_000)
  public void aRunningJobsStatusIsServedUntilItIsCancelledThroughIt() throws Exception {
    SolsticePipelineResult result = (SolsticePipelineResult) tickingJob(folder.newFolder("checkpoints").toURI().toString()).run();
    String url = result.statusUrl();
    assertNotNull(url);
    assertTrue(url, url.startsWith("http://127.0.0.1:"));

    JsonNode job = get(url + "api/job");
    assertEquals(result.jobId(), job.get("id").asText());
    assertEquals("RUNNING", job.get("state").asText());

    JsonNode stages = awaitCheckpointAnd(url, result);
    assertTrue(stages.get("stages").size() >= 2);
    for (JsonNode stage : stages.get("stages")) {
      assertTrue(stage.toString(), stage.get("inputBacklog").asLong() >= 0 && stage.get("sendMillis").asLong() >= 0 && stage.get("idleMillis").asLong() >= 0 && stage.has("lagMillis"));
      assertTrue(stage.toString(), stage.get("spilledBytes").asLong() == 0
          && (stage.get("workers").size() == 0 || stage.get("heapUsedBytes").asLong() > 0)
          && stage.get("heapMaxBytes").asLong() >= stage.get("heapUsedBytes").asLong());
    }
    assertTrue("edges join the stages", stages.get("edges").size() >= 2);
    long before = elementsIn(stages, "CountTicks");
    Thread.sleep(1_500);
    long after = elementsIn(get(url + "api/stages"), "CountTicks");
    assertTrue("the counters move: " + before + " then " + after, after > before && before > 0);

    assertTrue(
        "PipelineResult.metrics() has attempted values while the job runs",
        result.metrics().allMetrics().getCounters().iterator().hasNext());
    JsonNode counters = get(url + "api/metrics").get("counters");
    assertTrue("the user's counter is there: " + counters, counterValue(counters, "ticks") > 0);
    JsonNode checkpoints = get(url + "api/checkpoints");
    assertTrue(checkpoints.get("completed").asLong() >= 1);
    assertTrue("none failed: " + checkpoints, checkpoints.get("failed").isEmpty() && checkpoints.has("inFlight"));
    assertTrue(checkpoints.get("checkpoints").get(0).get("bytes").asLong() > 0);

    HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, page.statusCode());
    assertTrue(page.body().contains("status.js"));
    assertEquals(404, http.send(HttpRequest.newBuilder(URI.create(url + "nothing")).build(), HttpResponse.BodyHandlers.ofString()).statusCode());
    HttpResponse<String> charts =
        http.send(HttpRequest.newBuilder(URI.create(url + "lib/uPlot.iife.min.js")).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals("the chart library comes from its webjar", 200, charts.statusCode());
    assertTrue(charts.body().contains("uPlot"));

    HttpResponse<String> bare =
        http.send(HttpRequest.newBuilder(URI.create(url + "api/cancel")).POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals("a cancel without the header is refused", 405, bare.statusCode());
    assertNull("the job runs on", result.waitUntilFinish(Duration.millis(500)));
    assertTrue(CancelJob.cancel(url).contains(result.jobId()));
    assertEquals(PipelineResult.State.CANCELLED, result.waitUntilFinish(Duration.standardSeconds(60)));
    assertThrows("the server stops with the job", ConnectException.class, () -> get(url + "api/job"));
  }

  /** Fails once, on its 200th element, in the job's first attempt (a marker file says it did). */
  static final class FailOnceAt200 extends DoFn<Instant, Instant> {
    private final String marker;
    private int seen;

    FailOnceAt200(String marker) {
      this.marker = marker;
    }

    @ProcessElement
    public void process(@Element Instant tick, OutputReceiver<Instant> out) throws IOException {
      if (++seen == 200 && !Files.exists(Path.of(marker))) {
        Files.createFile(Path.of(marker));
        throw new IllegalStateException("injected failure for the status page");
      }
      out.output(tick);
    }
  }

  @Test(timeout = 120_000)
  public void aRestartedJobShowsTheEarlierAttemptsFailureWithItsStackTrace() throws Exception {
    SolsticePipelineOptions options = TestOptions.solstice(1);
    options.setMaxRestarts(1);
    options.setRestartDelay(100);
    Pipeline pipeline = Pipeline.create(options);
    Instant start = Instant.now();
    pipeline
        .apply(PeriodicImpulse.create().startAt(start).stopAt(start.plus(Duration.standardMinutes(10))).withInterval(Duration.millis(5)))
        .apply(ParDo.of(new FailOnceAt200(folder.getRoot().toPath().resolve("failed").toString())));
    SolsticePipelineResult result = (SolsticePipelineResult) pipeline.run();
    try {
      JsonNode job = get(result.statusUrl() + "api/job");
      long deadline = System.currentTimeMillis() + 60_000;
      while (job.get("restarts").asInt() < 1 && System.currentTimeMillis() < deadline) {
        Thread.sleep(200);
        job = get(result.statusUrl() + "api/job");
      }
      assertEquals(job.toString(), 1, job.get("restarts").asInt());
      JsonNode failure = job.get("failures").get(0);
      assertEquals(1, failure.get("attempt").asInt());
      assertTrue(failure.toString(), failure.get("message").asText().contains("injected failure for the status page"));
      assertTrue("the user's stack trace", failure.get("stackTrace").asText().contains("FailOnceAt200.process"));
      assertEquals("RUNNING", job.get("state").asText());
    } finally {
      result.cancel();
    }
  }

  @Test
  public void cancellingWhereNoStatusServerAnswersSaysSo() throws Exception {
    int free;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      free = socket.getLocalPort();
    }
    IOException failure = assertThrows(IOException.class, () -> CancelJob.cancel("http://127.0.0.1:" + free));
    assertTrue(failure.getMessage(), failure.getMessage().contains("No status server answers at http://127.0.0.1:" + free + "/"));
  }

  @Test
  public void aPortInUseFailsTheJobBeforeItStarts() throws IOException {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      SolsticePipelineOptions options = TestOptions.solstice(1);
      options.setStatusPort(taken.getLocalPort());
      Pipeline pipeline = Pipeline.create(options);
      pipeline.apply(Create.of(1, 2, 3));
      IllegalArgumentException failure = assertThrows(IllegalArgumentException.class, pipeline::run);
      assertTrue(failure.getMessage(), failure.getMessage().contains("--statusPort") && failure.getMessage().contains(String.valueOf(taken.getLocalPort())));
    }
  }

  @Test
  public void minusOneTurnsTheServerOff() {
    SolsticePipelineOptions options = TestOptions.solstice(1);
    options.setStatusPort(-1);
    Pipeline pipeline = Pipeline.create(options);
    pipeline.apply(Create.of(1, 2, 3));
    SolsticePipelineResult result = (SolsticePipelineResult) pipeline.run();
    assertNull(result.statusUrl());
    assertEquals(PipelineResult.State.DONE, result.waitUntilFinish());
  }

  /** Waits until a checkpoint has completed, then returns the stage graph. */
  private JsonNode awaitCheckpointAnd(String url, SolsticePipelineResult result) throws Exception {
    long deadline = System.currentTimeMillis() + 60_000;
    while (result.completedCheckpoints() < 1 && System.currentTimeMillis() < deadline) {
      Thread.sleep(100);
    }
    return get(url + "api/stages");
  }

  private JsonNode get(String url) throws IOException, InterruptedException {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(url, 200, response.statusCode());
    assertEquals("application/json", response.headers().firstValue("Content-Type").orElse(""));
    return JSON.readTree(response.body());
  }

  /** The elements into the stage that runs the named step. */
  private static long elementsIn(JsonNode stages, String step) {
    for (JsonNode stage : stages.get("stages")) {
      for (JsonNode name : stage.get("steps")) {
        if (name.asText().startsWith(step)) {
          return stage.get("elementsIn").asLong();
        }
      }
    }
    throw new AssertionError("no stage runs " + step + " in " + stages);
  }

  private static long counterValue(JsonNode counters, String name) {
    for (JsonNode counter : counters) {
      if (counter.get("name").asText().equals(name)) {
        return counter.get("value").asLong();
      }
    }
    return 0;
  }
}
