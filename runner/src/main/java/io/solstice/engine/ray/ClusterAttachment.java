package io.solstice.engine.ray;

import io.ray.api.Ray;
import io.solstice.engine.EngineConfig;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This JVM attached to a Ray cluster as a driver: to {@code --rayAddress}, or to a private head
 * started for it. Ray's Java driver is configured through system properties (address, node
 * address, the code search path that gives workers the job's classes, the workers' JVM flags);
 * detaching clears them, shuts Ray down, stops a private head and removes what Ray left behind.
 */
final class ClusterAttachment {
  private static final Logger LOG = LoggerFactory.getLogger(ClusterAttachment.class);

  private final LocalRayCluster head;
  private final List<String> properties = new ArrayList<>();
  private long initStartedAt;
  private long initEndedAt;

  private ClusterAttachment(LocalRayCluster head) {
    this.head = head;
  }

  static ClusterAttachment attach(EngineConfig config) {
    String address = config.rayAddress();
    String nodeIp = config.rayNodeIp();
    LocalRayCluster head = null;
    if (address == null) {
      int cpus =
          Math.max(Runtime.getRuntime().availableProcessors(), (int) Math.ceil(config.executors() * config.executorCpus()));
      head = LocalRayCluster.startHead(config.rayCommand(), cpus, config.objectStoreBytes());
      address = head.address();
      nodeIp = LocalRayCluster.HEAD_IP;
    }
    ClusterAttachment attachment = new ClusterAttachment(head);
    try {
      attachment.init(address, nodeIp != null ? nodeIp : loopbackHost(address));
    } catch (RuntimeException e) {
      attachment.detach(false);
      throw e;
    }
    return attachment;
  }

  private void init(String address, String nodeIp) {
    checkReachable(address);
    setProperty("ray.run-mode", "CLUSTER");
    setProperty("ray.address", address);
    if (nodeIp != null) {
      setProperty("ray.node-ip", nodeIp);
    }
    setProperty("ray.job.code-search-path", RayCodePath.of(System.getProperty("java.class.path")));
    List<String> jvmOptions = RayJvmFlags.addOpens();
    for (int i = 0; i < jvmOptions.size(); i++) {
      setProperty("ray.job.jvm-options." + i, jvmOptions.get(i));
    }
    long start = System.nanoTime();
    initStartedAt = System.currentTimeMillis();
    try {
      Ray.init();
    } catch (RuntimeException e) {
      throw new IllegalStateException(
          "Could not attach to the Ray cluster at " + address + ": " + e.getMessage() + ". Check --rayAddress and"
              + " that the cluster runs ray 2.58.0, the version of the ray_dist.jar this driver runs on.",
          e);
    } finally {
      initEndedAt = System.currentTimeMillis();
    }
    LOG.info("Attached to the Ray cluster at {} in {} ms", address, (System.nanoTime() - start) / 1_000_000);
  }

  private void setProperty(String key, String value) {
    System.setProperty(key, value);
    properties.add(key);
  }

  /** Detaches: shuts Ray down if {@code shutDownRay}, stops a private head, removes leftovers. */
  void detach(boolean shutDownRay) {
    if (shutDownRay) {
      Ray.shutdown();
      LOG.debug("Ray runtime shut down");
    }
    onExit();
    properties.forEach(System::clearProperty);
    properties.clear();
  }

  /**
   * At JVM exit Ray's own hook ends the runtime, and with it the executors this driver owns; this
   * stops the private head (by its processes' ids) and removes Ray's leftovers.
   */
  void onExit() {
    if (head != null) {
      head.close();
    }
    removeDriverNativeFolders();
  }

  /**
   * Ray's native driver exits the whole JVM after 60 s when its head does not answer; a plain
   * connection attempt first turns that into an error naming the address.
   */
  private static void checkReachable(String address) {
    int colon = address.lastIndexOf(':');
    String host = address.substring(0, colon);
    int port = Integer.parseInt(address.substring(colon + 1));
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), 5_000);
    } catch (IOException e) {
      throw new IllegalStateException(
          "Cannot reach the Ray cluster at "
              + address
              + " ("
              + e.getMessage()
              + "). Check --rayAddress: it is the address `ray start --head` printed, and the head must"
              + " be running. Without --rayAddress, a private head is started for the job.",
          e);
    }
  }

  /** A driver on a loopback cluster must say which loopback address is its node's. */
  private static String loopbackHost(String address) {
    String host = address.contains(":") ? address.substring(0, address.lastIndexOf(':')) : address;
    return host.startsWith("127.") ? host : null;
  }

  /**
   * A cluster-mode driver unpacks Ray's native library into {@code /tmp/ray/<epoch millis>/}, a
   * path Ray hard-codes; each run leaves 32-40 MB. Removes the folders named within this
   * driver's start.
   */
  private void removeDriverNativeFolders() {
    Path root = Paths.get("/tmp/ray");
    if (initStartedAt == 0 || !Files.isDirectory(root)) {
      return;
    }
    try (Stream<Path> children = Files.list(root)) {
      children
          .filter(p -> p.getFileName().toString().matches("\\d{10,}"))
          .filter(p -> {
            long millis = Long.parseLong(p.getFileName().toString());
            return millis >= initStartedAt && millis <= initEndedAt;
          })
          .forEach(LocalRayCluster::deleteRecursively);
    } catch (IOException e) {
      LOG.debug("Could not list {}", root, e);
    }
  }
}
