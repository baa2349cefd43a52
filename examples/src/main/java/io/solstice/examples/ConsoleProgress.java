package io.solstice.examples;

import io.solstice.runner.SolsticePipelineResult;
import io.solstice.runner.SourceProgress;
import java.io.PrintStream;
import org.apache.beam.sdk.PipelineResult;

/**
 * A progress bar on the console while a batch job runs on SolsticeRunner: the share of its source
 * splits read, and the elements per second through its stages. It says nothing when the output is
 * not a terminal (a log file, a pipe), or when the job runs on another runner.
 */
final class ConsoleProgress implements AutoCloseable {
  private static final long INTERVAL_MILLIS = 500;
  private static final int WIDTH = 30;

  private final SolsticePipelineResult result;
  private final PrintStream out;
  private final Thread thread;
  private volatile boolean stopped;
  private boolean printed;

  private ConsoleProgress(SolsticePipelineResult result, PrintStream out) {
    this.result = result;
    this.out = out;
    this.thread = new Thread(this::run, "solstice-console-progress");
    thread.setDaemon(true);
  }

  /** Shows the job's progress until {@link #close}; does nothing off a terminal or on another runner. */
  static ConsoleProgress follow(PipelineResult result) {
    ConsoleProgress progress =
        result instanceof SolsticePipelineResult && System.console() != null
            ? new ConsoleProgress((SolsticePipelineResult) result, System.err)
            : null;
    if (progress == null) {
      return new ConsoleProgress(null, null);
    }
    progress.thread.start();
    return progress;
  }

  private void run() {
    long lastElements = 0;
    long lastTime = System.currentTimeMillis();
    while (!stopped) {
      try {
        Thread.sleep(INTERVAL_MILLIS);
      } catch (InterruptedException e) {
        return;
      }
      SourceProgress progress = result.sourceProgress();
      long now = System.currentTimeMillis();
      double rate = (progress.elementsIn() - lastElements) * 1000.0 / Math.max(1, now - lastTime);
      lastElements = progress.elementsIn();
      lastTime = now;
      if (progress.splits() > 0 && !stopped) {
        out.print("\r" + line(progress, Math.max(0, rate)));
        out.flush();
        printed = true;
      }
    }
  }

  /** {@code [#########.....................]  30% of 12 source splits, 123,456 elements/s} */
  static String line(SourceProgress progress, double elementsPerSecond) {
    int filled = (int) Math.round(progress.fractionRead() * WIDTH);
    return String.format(
        "[%s%s] %3.0f%% of %,d source splits, %,.0f elements/s ",
        "#".repeat(filled),
        ".".repeat(WIDTH - filled),
        progress.fractionRead() * 100,
        progress.splits(),
        elementsPerSecond);
  }

  @Override
  public void close() {
    if (result == null) {
      return;
    }
    stopped = true;
    thread.interrupt();
    try {
      thread.join(1_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (printed) {
      out.println();
    }
  }
}
