package io.solstice.engine.ray;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Ray cluster on this machine's loopback addresses, started with the `ray` command: a head, and
 * optionally more nodes, each with its own address and resources. The engine starts one as the
 * private head of a cluster-mode job given no address; tests start them with several nodes.
 *
 * <p>It is stopped by the ids of its own processes (those whose command line names its temporary
 * directory), never with `ray stop`, which would end every Ray process on the machine, other
 * users' clusters included.
 */
public final class LocalRayCluster implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LocalRayCluster.class);
  /** Ray rewrites 127.0.0.1 to the machine's outward address; other loopback addresses stay. */
  public static final String HEAD_IP = "127.0.0.2";
  private static final Pattern ADDRESS = Pattern.compile("--address='([^']+)'");
  private static final long START_TIMEOUT_SECONDS = 90;
  private static final long STOP_GRACE_MILLIS = 5_000;
  /** Keeps a stopped cluster's directory, with its logs, to look into a failure. */
  public static final String KEEP_LOGS_PROPERTY = "solstice.ray.keepLogs";

  private final Path rayCommand;
  private final Path tempDir;
  private String address;
  private int nodes;

  private LocalRayCluster(Path rayCommand, Path tempDir) {
    this.rayCommand = rayCommand;
    this.tempDir = tempDir;
  }

  /**
   * Starts a head on {@link #HEAD_IP} with {@code cpus} CPUs; returns once it accepts drivers.
   *
   * @param rayCommand the `ray` command, null to look for it (see {@link #findRayCommand})
   */
  public static LocalRayCluster startHead(String rayCommand, int cpus, long objectStoreBytes) {
    Path tempDir;
    try {
      // Short: Ray puts unix sockets under it, and socket paths are limited to 107 characters.
      tempDir = Files.createTempDirectory(Paths.get("/tmp"), "solstice-ray-");
    } catch (IOException e) {
      throw new IllegalStateException("Could not create a temporary directory for a Ray head", e);
    }
    LocalRayCluster cluster = new LocalRayCluster(RayCommand.find(rayCommand), tempDir);
    try {
      long start = System.nanoTime();
      String output =
          cluster.ray(
              "head",
              "--head",
              "--node-ip-address=" + HEAD_IP,
              "--port=0",
              "--temp-dir=" + tempDir,
              "--num-cpus=" + cpus,
              "--object-store-memory=" + objectStoreBytes,
              "--include-dashboard=false",
              "--disable-usage-stats");
      Matcher matcher = ADDRESS.matcher(output);
      if (!matcher.find()) {
        throw new IllegalStateException("`ray start --head` did not print the head's address. Its output:\n" + output);
      }
      cluster.address = matcher.group(1);
      cluster.nodes = 1;
      LOG.info(
          "Started a Ray head at {} ({} CPUs, temporary directory {}) in {} ms",
          cluster.address,
          cpus,
          tempDir,
          (System.nanoTime() - start) / 1_000_000);
      return cluster;
    } catch (RuntimeException e) {
      cluster.close();
      throw e;
    }
  }

  /** The `ray` command this JVM would use to start a head, for messages and tests. */
  public static Path findRayCommand(String given) {
    return RayCommand.find(given);
  }

  /** Adds a node on loopback address {@code nodeIp} (such as 127.0.0.3) with {@code cpus} CPUs. */
  public void addNode(String nodeIp, int cpus, long objectStoreBytes) {
    ray(
        "node-" + nodeIp,
        "--address=" + address,
        "--node-ip-address=" + nodeIp,
        "--num-cpus=" + cpus,
        "--object-store-memory=" + objectStoreBytes,
        "--disable-usage-stats");
    nodes++;
    LOG.info("Added a Ray node at {} ({} CPUs) to the cluster at {}", nodeIp, cpus, address);
  }

  /** Runs `ray start` with these arguments; its output goes to a log in the cluster's directory. */
  private String ray(String logName, String... args) {
    List<String> command = new ArrayList<>(List.of(rayCommand.toString(), "start"));
    command.addAll(List.of(args));
    try {
      ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
      builder.environment().put("RAY_USAGE_STATS_ENABLED", "0");
      Path log = tempDir.resolve("ray-start-" + logName + ".log");
      builder.redirectOutput(log.toFile());
      Process process = builder.start();
      if (!process.waitFor(START_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException("`ray start` did not finish within " + START_TIMEOUT_SECONDS + " s");
      }
      String output = Files.readString(log, StandardCharsets.UTF_8);
      if (process.exitValue() != 0) {
        throw new IllegalStateException("`ray start` failed (exit " + process.exitValue() + "):\n" + output);
      }
      return output;
    } catch (IOException e) {
      throw new IllegalStateException("Could not run " + command.get(0) + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while starting Ray", e);
    }
  }

  /** The head's address, for {@code --rayAddress}. */
  public String address() {
    return address;
  }

  /** The directory under which Ray keeps this cluster's sessions and logs. */
  public Path tempDir() {
    return tempDir;
  }

  /** The processes of this cluster: those whose command line names its temporary directory. */
  public List<ProcessHandle> processes() {
    String marker = tempDir.toString();
    List<ProcessHandle> ours = new ArrayList<>();
    ProcessHandle.allProcesses()
        .filter(p -> p.info().commandLine().map(c -> c.contains(marker)).orElse(false))
        .forEach(ours::add);
    return ours;
  }

  /** Stops its processes by id (SIGTERM, then SIGKILL after a grace period), removes its directory. */
  @Override
  public void close() {
    List<ProcessHandle> processes = processes();
    processes.forEach(ProcessHandle::destroy);
    long deadline = System.currentTimeMillis() + STOP_GRACE_MILLIS;
    for (ProcessHandle process : processes) {
      try {
        process.onExit().get(Math.max(1, deadline - System.currentTimeMillis()), TimeUnit.MILLISECONDS);
      } catch (Exception e) {
        process.destroyForcibly();
      }
    }
    // gcs_server and raylet outlive a SIGTERM for a while; workers still running go with them.
    processes().forEach(ProcessHandle::destroyForcibly);
    if (Boolean.getBoolean(KEEP_LOGS_PROPERTY)) {
      LOG.info("Kept the Ray cluster's directory {} ({}=true)", tempDir, KEEP_LOGS_PROPERTY);
    } else {
      deleteRecursively(tempDir);
    }
    if (address != null) {
      LOG.info("Stopped the Ray cluster at {} ({} nodes, {} processes)", address, nodes, processes.size());
    }
  }

  static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      LOG.warn("Could not remove {}: {}", dir, e.getMessage());
    }
  }
}
