package io.solstice.nexmark;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.beam.sdk.nexmark.NexmarkConfiguration;
import org.apache.beam.sdk.nexmark.NexmarkLauncher;
import org.apache.beam.sdk.nexmark.NexmarkOptions;
import org.apache.beam.sdk.nexmark.NexmarkPerf;
import org.apache.beam.sdk.options.PipelineOptionsFactory;

/**
 * Runs a Nexmark suite like Nexmark's own {@code Main} (one {@link NexmarkLauncher} per
 * configuration, each with a fresh copy of the options, one at a time), but a failing query does not
 * abort the suite: its exception is recorded and the next query runs.
 *
 * <p>Each query's {@link NexmarkPerf} (the figures Nexmark's "Performance" table prints: runtime,
 * events/s, results) is appended to a tab-separated results file as soon as the query ends, so a
 * process that dies part-way loses nothing already measured; {@code run-nexmark.sh} then restarts
 * it from the next query. Lines:
 *
 * <pre>
 * CONF    idx  query  numEvents                           (all configurations, at start)
 * START   idx  query
 * RESULT  idx  query  status  runtimeSec  eventsPerSec  numEvents  numResults  detail
 * TRACE   idx  text                                       (first lines of a failure's root cause)
 * </pre>
 *
 * <p>status is OK, ERRORS (Nexmark's monitor reported errors), FAILED (the query threw) or TIMEOUT
 * (the process then halts with exit code 3). System properties: {@code nexmark.harness.out} (the
 * results file, required), {@code nexmark.harness.from} (first configuration index, default 0),
 * {@code nexmark.harness.queryTimeoutSec} (default 3600). All program arguments are Nexmark's.
 */
public final class NexmarkHarness {
  private static final int TRACE_LINES = 15;

  private final Path out;

  private NexmarkHarness(Path out) {
    this.out = out;
  }

  public static void main(String[] args) throws Exception {
    String outProp = System.getProperty("nexmark.harness.out");
    if (outProp == null) {
      System.err.println("-Dnexmark.harness.out=<results file> is required");
      System.exit(2);
    }
    int from = Integer.getInteger("nexmark.harness.from", 0);
    long timeoutSec = Long.getLong("nexmark.harness.queryTimeoutSec", 3600L);
    NexmarkHarness harness = new NexmarkHarness(Paths.get(outProp));

    NexmarkOptions options =
        PipelineOptionsFactory.fromArgs(args).withValidation().as(NexmarkOptions.class);
    List<NexmarkConfiguration> configurations =
        new ArrayList<>(options.getSuite().getConfigurations(options));
    if (from == 0) {
      for (int i = 0; i < configurations.size(); i++) {
        NexmarkConfiguration c = configurations.get(i);
        harness.write("CONF", i, c.query.name(), c.numEvents);
      }
    }

    ExecutorService executor =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "nexmark-query");
              t.setDaemon(true);
              return t;
            });
    for (int i = from; i < configurations.size(); i++) {
      NexmarkConfiguration configuration = configurations.get(i);
      String query = configuration.query.name();
      harness.write("START", i, query);
      // As Main does: each run gets its own copy of the options.
      NexmarkOptions optionsCopy = PipelineOptionsFactory.fromArgs(args).as(NexmarkOptions.class);
      Future<NexmarkPerf> run =
          executor.submit(() -> new NexmarkLauncher<>(optionsCopy, configuration).run());
      try {
        NexmarkPerf perf = run.get(timeoutSec, TimeUnit.SECONDS);
        if (perf == null) {
          harness.write("RESULT", i, query, "SKIPPED", -1, -1, -1, -1, "Nexmark returned no perf");
        } else if (perf.errors != null && !perf.errors.isEmpty()) {
          harness.write("RESULT", i, query, "ERRORS", perf.runtimeSec, perf.eventsPerSec,
              perf.numEvents, perf.numResults, String.join("; ", perf.errors));
        } else {
          harness.write("RESULT", i, query, "OK", perf.runtimeSec, perf.eventsPerSec,
              perf.numEvents, perf.numResults, "");
        }
      } catch (TimeoutException e) {
        harness.write("RESULT", i, query, "TIMEOUT", -1, -1, -1, -1,
            "no result after " + timeoutSec + " s; process halted");
        System.out.flush();
        Runtime.getRuntime().halt(3);
      } catch (Exception e) {
        Throwable failure = e instanceof java.util.concurrent.ExecutionException ? e.getCause() : e;
        System.err.println("Nexmark query " + i + " " + query + " failed:");
        failure.printStackTrace();
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
          root = root.getCause();
        }
        harness.write("RESULT", i, query, "FAILED", -1, -1, -1, -1,
            oneLine(failure) + (root != failure ? " | root cause: " + oneLine(root) : ""));
        StringWriter trace = new StringWriter();
        root.printStackTrace(new PrintWriter(trace));
        String[] lines = trace.toString().split("\\R");
        for (int l = 0; l < Math.min(TRACE_LINES, lines.length); l++) {
          harness.write("TRACE", i, lines[l].replace('\t', ' ').stripTrailing());
        }
      }
    }
    executor.shutdownNow();
    System.out.flush();
    // Runner threads (Ray, Flink, Spark) may be non-daemon: end the process explicitly.
    System.exit(0);
  }

  private static String oneLine(Throwable t) {
    return String.valueOf(t).replaceAll("\\s+", " ");
  }

  private synchronized void write(String kind, Object... fields) throws IOException {
    StringBuilder line = new StringBuilder(kind);
    for (Object field : fields) {
      line.append('\t');
      if (field instanceof Double) {
        line.append(String.format(Locale.ROOT, "%.3f", (Double) field));
      } else {
        line.append(String.valueOf(field).replace('\t', ' ').replaceAll("\\R", " "));
      }
    }
    line.append('\n');
    Files.write(out, line.toString().getBytes(StandardCharsets.UTF_8),
        StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    System.out.print("[nexmark-harness] " + line);
  }
}
