package io.solstice.io.jdbc;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.rules.ExternalResource;

/**
 * A real PostgreSQL server for a test class ({@code @ClassRule}): Debian's, installed by {@code
 * scripts/install-postgresql.sh} (which the build runs), started on 127.0.0.1 and a free port with
 * a temporary data directory, trusting local connections, and stopped by its data directory.
 * PostgreSQL refuses to run as root: as root, its programs run as the package's {@code postgres}
 * user.
 */
public final class PostgresServer extends ExternalResource {
  public static final String USER = "solstice";

  private Path directory;
  private Path data;
  private Path bin;
  private int port;

  @Override
  protected void before() throws Exception {
    bin = Path.of(run(List.of("bash", scriptPath().toString())).trim());
    directory = Files.createTempDirectory("solstice-postgres");
    data = directory.resolve("data");
    try {
      if (asRoot()) {
        run(List.of("chown", "-R", "postgres:postgres", directory.toString()));
      }
      run(asServerUser(List.of(
          bin.resolve("initdb").toString(), "-D", data.toString(), "-U", USER, "--auth=trust", "-E", "UTF8", "--no-sync")));
      start();
    } catch (Exception e) {
      // JUnit does not call after() when before() fails.
      after();
      throw e;
    }
  }

  /** Starts the server on a free port; another process may take the port first, so a few tries. */
  private void start() throws Exception {
    for (int attempt = 1; ; attempt++) {
      port = freePort();
      String settings = "-p " + port + " -k " + directory + " -c listen_addresses=127.0.0.1 -c fsync=off";
      try {
        run(asServerUser(List.of(
            bin.resolve("pg_ctl").toString(),
            "-D", data.toString(),
            "-o", settings,
            "-l", directory.resolve("log").toString(),
            "-w", "start")));
        return;
      } catch (IllegalStateException e) {
        if (attempt == 3) {
          throw e;
        }
      }
    }
  }

  @Override
  protected void after() {
    try {
      if (Files.exists(data.resolve("postmaster.pid"))) {
        run(asServerUser(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "immediate", "-w", "stop")));
      }
    } catch (Exception e) {
      throw new IllegalStateException("PostgreSQL did not stop", e);
    } finally {
      deleteQuietly(directory);
    }
  }

  /** The JDBC URL of the server's {@code postgres} database. */
  public String url() {
    return "jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=" + USER;
  }

  public int port() {
    return port;
  }

  private static Path scriptPath() {
    // Tests run in the module's directory; the script is the project's.
    Path script = Path.of("..", "scripts", "install-postgresql.sh").toAbsolutePath().normalize();
    if (!Files.isRegularFile(script)) {
      throw new IllegalStateException("No " + script + ": run the tests from the io-connectors module");
    }
    return script;
  }

  private static boolean asRoot() {
    try {
      return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
    } catch (IOException | UnsupportedOperationException e) {
      return "root".equals(System.getProperty("user.name"));
    }
  }

  private static List<String> asServerUser(List<String> command) {
    if (!asRoot()) {
      return command;
    }
    List<String> wrapped = new ArrayList<>(List.of("runuser", "-u", "postgres", "--"));
    wrapped.addAll(command);
    return wrapped;
  }

  /** A port free on 127.0.0.1 just now. */
  public static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  /**
   * Runs {@code command} to its end, within two minutes: the last line of its output, or a failure
   * that shows all of it.
   */
  private static String run(List<String> command) throws IOException, InterruptedException {
    File output = File.createTempFile("solstice-postgres", ".out");
    try {
      Process process =
          new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output).start();
      if (!process.waitFor(2, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new IllegalStateException(String.join(" ", command) + " did not end within two minutes");
      }
      String text = Files.readString(output.toPath());
      if (process.exitValue() != 0) {
        throw new IllegalStateException(String.join(" ", command) + " failed (" + process.exitValue() + "):\n" + text);
      }
      return text.lines().reduce((first, last) -> last).orElse("");
    } finally {
      Files.deleteIfExists(output.toPath());
    }
  }

  private static void deleteQuietly(Path root) {
    if (root == null) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      // A temporary directory; what is left is the system's to clean.
    }
  }
}
