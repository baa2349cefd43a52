package io.solstice.examples;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The streaming example's job in a JVM of its own, on Solstice or on the Flink runner: the class
 * {@code io.solstice.nexmark.WindowedCountsRun}, from the Nexmark project's build for that runner
 * ({@code examples/nexmark/target/beam273} or {@code target/flink}, which {@code
 * examples/checkpoint-benchmark.sh} builds). Each runner gets the same heap and the same JVM flags;
 * its output goes to a log file.
 */
final class JobProcess implements AutoCloseable {
  /** What Ray (local mode) and Flink need opened on JDK 17, as examples/nexmark/run-nexmark.sh. */
  private static final List<String> OPENS =
      List.of(
          "java.lang", "java.lang.invoke", "java.math", "java.io", "java.net", "java.nio", "java.text", "java.util",
          "java.util.concurrent", "sun.nio.ch", "sun.nio.cs", "sun.security.action", "sun.util.calendar");

  private final Process process;
  private final Path log;
  /** Stops the job's process if this JVM ends first (interrupted, say). */
  private final Thread stopOnExit;

  private JobProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
    this.stopOnExit = new Thread(process::destroyForcibly, "stop " + log.getFileName());
    Runtime.getRuntime().addShutdownHook(stopOnExit);
  }

  /**
   * Starts the job on {@code runner} ({@code solstice} or {@code flink}) with the given arguments
   * (the job's and the runner's), its output to {@code log}.
   */
  static JobProcess start(String runner, Path nexmarkTarget, String heap, Path log, List<String> args) throws IOException {
    Path build = nexmarkTarget.resolve(profileOf(runner));
    Path classpathFile = build.resolve("classpath.txt");
    if (!Files.exists(classpathFile)) {
      throw new IllegalStateException(
          "No build of the Nexmark project for " + runner + " in " + build
              + ": run examples/checkpoint-benchmark.sh, which builds it, or mvn -P" + profileOf(runner)
              + " package in examples/nexmark");
    }
    String classpath = build.resolve("classes") + ":" + Files.readString(classpathFile, StandardCharsets.UTF_8).trim();
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx" + heap);
    OPENS.forEach(p -> command.add("--add-opens=java.base/" + p + "=ALL-UNNAMED"));
    command.add("-cp");
    command.add(classpath);
    command.add("io.solstice.nexmark.WindowedCountsRun");
    command.addAll(args);
    Process process =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    return new JobProcess(process, log);
  }

  private static String profileOf(String runner) {
    return switch (runner) {
      case "solstice" -> "beam273";
      case "flink" -> "flink";
      default -> throw new IllegalArgumentException("--runners takes solstice and flink, not " + runner);
    };
  }

  Path log() {
    return log;
  }

  /** Whether the process ended (by itself: the job failed, or could not start). */
  boolean ended() {
    return !process.isAlive();
  }

  /** Stops the job's process (and any it started): SIGTERM, then SIGKILL after 30 s. */
  @Override
  public void close() throws InterruptedException {
    try {
      Runtime.getRuntime().removeShutdownHook(stopOnExit);
    } catch (IllegalStateException e) {
      // This JVM is shutting down: the hook stops the process.
    }
    List<ProcessHandle> children = process.descendants().toList();
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
    children.forEach(ProcessHandle::destroyForcibly);
  }
}
