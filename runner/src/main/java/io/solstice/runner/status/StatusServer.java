package io.solstice.runner.status;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.solstice.engine.job.JobExecution;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.apache.beam.sdk.metrics.MetricResults;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The driver's status server for one job: a web page, and the JSON it reads, while the job runs.
 *
 * <pre>
 * GET  /                 the page (stage graph with live counters, metrics, checkpoints)
 * GET  /api/job          id, name, state, start, restarts, failure, executors
 * GET  /api/stages       stages (workers, elements and bytes in and out, watermark) and edges
 * GET  /api/metrics      the job's Beam metrics (attempted values)
 * GET  /api/checkpoints  completed checkpoints: id, duration, alignment, size
 * POST /api/cancel       cancels the job (with the header X-Requested-By, so that another site's
 *                        page cannot make a browser post it)
 * </pre>
 *
 * It is the JDK's HTTP server on one thread: a page polling once a second is all it serves. The
 * port is bound before the job starts, so a port in use fails the job before anything runs.
 */
public final class StatusServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(StatusServer.class);
  private static final String PAGE = "/io/solstice/runner/status/";
  /** uPlot, the page's chart library, from its webjar (whose version its pom.properties gives). */
  private static final String CHARTS = "/META-INF/resources/webjars/uplot/" + webjarVersion("org.webjars.npm/uplot") + "/dist/";
  private static final Map<String, String> PAGE_FILES =
      Map.of(
          "/", PAGE + "index.html",
          "/status.js", PAGE + "status.js",
          "/status.css", PAGE + "status.css",
          "/lib/uPlot.iife.min.js", CHARTS + "uPlot.iife.min.js",
          "/lib/uPlot.min.css", CHARTS + "uPlot.min.css");

  private final HttpServer server;
  private final ExecutorService executor;
  private JobStatusJson status;
  private JobExecution job;

  private StatusServer(HttpServer server) {
    this.server = server;
    this.executor =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread thread = new Thread(r, "solstice-status-server");
              thread.setDaemon(true);
              return thread;
            });
    server.setExecutor(executor);
    server.createContext("/", this::handle);
  }

  /**
   * Binds {@code address}:{@code port} (port 0: a free one); {@link #serve} then starts serving.
   *
   * @throws IllegalArgumentException if it cannot be bound, naming the address and the options
   */
  public static StatusServer bind(String address, int port) {
    try {
      return new StatusServer(HttpServer.create(new InetSocketAddress(InetAddress.getByName(address), port), 0));
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "The status server cannot listen on " + address + ":" + port + " (" + e.getMessage()
              + "). Pass another --statusPort (0 for a free one) or --statusAddress, or --statusPort=-1 for none.",
          e);
    }
  }

  /**
   * Serves {@code job}, with its Beam metrics from {@code metrics} and the names of the transforms
   * fused into each stage (by stage id), until {@link #close}.
   */
  public void serve(JobExecution job, Supplier<MetricResults> metrics, Map<Integer, List<String>> steps) {
    this.job = job;
    this.status = new JobStatusJson(job, metrics, steps);
    server.start();
  }

  /** The page's address, such as {@code http://127.0.0.1:41234/}. */
  public String url() {
    InetSocketAddress bound = server.getAddress();
    return "http://" + bound.getAddress().getHostAddress() + ":" + bound.getPort() + "/";
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      String method = exchange.getRequestMethod();
      if (path.startsWith("/api/")) {
        api(exchange, method, path.substring("/api/".length()));
      } else if (method.equals("GET") && PAGE_FILES.containsKey(path)) {
        pageFile(exchange, PAGE_FILES.get(path));
      } else {
        send(exchange, 404, "text/plain", ("No " + method + " " + path + " here").getBytes(StandardCharsets.UTF_8));
      }
    } catch (RuntimeException e) {
      LOG.warn("Status server: answering {} failed", exchange.getRequestURI(), e);
    }
  }

  private void api(HttpExchange exchange, String method, String what) throws IOException {
    if (what.equals("cancel")) {
      if (!method.equals("POST") || exchange.getRequestHeaders().getFirst("X-Requested-By") == null) {
        send(exchange, 405, "text/plain", "Cancel with POST and an X-Requested-By header".getBytes(StandardCharsets.UTF_8));
        return;
      }
      LOG.info("Job {}: cancelled through its status server", job.jobId());
      // The answer goes out first: cancelling waits for the job's workers to stop.
      json(exchange, status.mapper().createObjectNode().put("cancelling", job.jobId()));
      Thread canceller = new Thread(job::cancel, "solstice-status-cancel-" + job.jobId());
      canceller.setDaemon(true);
      canceller.start();
      return;
    }
    if (!method.equals("GET")) {
      send(exchange, 405, "text/plain", ("Read " + what + " with GET").getBytes(StandardCharsets.UTF_8));
      return;
    }
    ObjectNode body;
    switch (what) {
      case "job":
        body = status.job();
        break;
      case "stages":
        body = status.stages();
        break;
      case "metrics":
        body = status.metrics();
        break;
      case "checkpoints":
        body = status.checkpoints();
        break;
      default:
        send(exchange, 404, "text/plain", ("No API " + what).getBytes(StandardCharsets.UTF_8));
        return;
    }
    json(exchange, body);
  }

  private void json(HttpExchange exchange, ObjectNode body) throws IOException {
    send(exchange, 200, "application/json", status.mapper().writeValueAsBytes(body));
  }

  private static String webjarVersion(String groupAndArtifact) {
    Properties properties = new Properties();
    try (InputStream in = StatusServer.class.getResourceAsStream("/META-INF/maven/" + groupAndArtifact + "/pom.properties")) {
      if (in != null) {
        properties.load(in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return properties.getProperty("version", "missing");
  }

  private void pageFile(HttpExchange exchange, String file) throws IOException {
    byte[] bytes;
    try (InputStream in = StatusServer.class.getResourceAsStream(file)) {
      if (in == null) {
        throw new UncheckedIOException(new IOException("The status page's " + file + " is missing from the classpath"));
      }
      bytes = in.readAllBytes();
    }
    String type = file.endsWith(".html") ? "text/html" : file.endsWith(".js") ? "text/javascript" : "text/css";
    send(exchange, 200, type + "; charset=utf-8", bytes);
  }

  private static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }
}
