package io.solstice.engine.queue.kafka;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An Apache Kafka 4.3 broker in this JVM: one KRaft node acting as broker and controller, bound to
 * 127.0.0.1 only, its log in a temporary directory that {@link #close()} deletes. Serves {@code
 * --kafkaBootstrapServers=embedded}, the tests, and the examples. It is for development and tests:
 * like any Kafka server it halts its process on a fatal fault (running out of heap, say), and here
 * that process is the job's JVM.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);
  private static final long READY_TIMEOUT_MILLIS = 60_000;

  private final Path directory;
  private final KafkaRaftServer server;
  private final String bootstrapServers;

  private EmbeddedKafkaBroker(Path directory, KafkaRaftServer server, String bootstrapServers) {
    this.directory = directory;
    this.server = server;
    this.bootstrapServers = bootstrapServers;
  }

  /** Formats a fresh log directory, starts the broker, and returns once it answers. */
  public static EmbeddedKafkaBroker start() {
    long started = System.nanoTime();
    Path directory;
    try {
      directory = Files.createTempDirectory("solstice-kafka-");
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create a directory for the embedded Kafka broker", e);
    }
    try {
      int[] ports = freePorts(2);
      int brokerPort = ports[0];
      int controllerPort = ports[1];
      Properties config = config(directory, brokerPort, controllerPort);
      format(directory, config);
      KafkaRaftServer server = new KafkaRaftServer(new KafkaConfig(config, false), Time.SYSTEM);
      server.startup();
      String bootstrap = "127.0.0.1:" + brokerPort;
      EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(directory, server, bootstrap);
      broker.awaitReady();
      LOG.info(
          "Embedded Kafka broker ready at {} in {} ms (log in {})",
          bootstrap,
          (System.nanoTime() - started) / 1_000_000,
          directory);
      return broker;
    } catch (RuntimeException | IOException e) {
      deleteQuietly(directory);
      throw new IllegalStateException("Could not start the embedded Kafka broker: " + e.getMessage(), e);
    }
  }

  public String bootstrapServers() {
    return bootstrapServers;
  }

  private static Properties config(Path directory, int brokerPort, int controllerPort) {
    Properties p = new Properties();
    p.put("process.roles", "broker,controller");
    p.put("node.id", "1");
    p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
    p.put("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
    p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
    p.put("controller.listener.names", "CONTROLLER");
    p.put("inter.broker.listener.name", "PLAINTEXT");
    p.put("listener.security.protocol.map", "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT");
    p.put("log.dirs", directory.resolve("data").toString());
    p.put("offsets.topic.replication.factor", "1");
    p.put("offsets.topic.num.partitions", "1");
    p.put("transaction.state.log.replication.factor", "1");
    p.put("transaction.state.log.min.isr", "1");
    p.put("share.coordinator.state.topic.replication.factor", "1");
    p.put("share.coordinator.state.topic.min.isr", "1");
    p.put("group.initial.rebalance.delay.ms", "0");
    p.put("num.partitions", "1");
    // The cleaner's default 128 MiB dedupe buffer is sized for production brokers; here it would
    // take a large share of the job's heap. Only the offsets topic is compacted, and it is small.
    p.put("log.cleaner.dedupe.buffer.size", String.valueOf(8 << 20));
    p.put("log.cleaner.threads", "1");
    return p;
  }

  private static void format(Path directory, Properties config) throws IOException {
    Path file = directory.resolve("server.properties");
    try (Writer out = Files.newBufferedWriter(file)) {
      config.store(out, "embedded Solstice broker");
    }
    int rc =
        StorageTool.execute(
            new String[] {"format", "-t", Uuid.randomUuid().toString(), "-c", file.toString(), "--ignore-formatted"},
            new PrintStream(OutputStream.nullOutputStream()));
    if (rc != 0) {
      throw new IllegalStateException("Formatting the broker's log directory failed (exit code " + rc + ")");
    }
  }

  private void awaitReady() {
    try (Admin admin = Admin.create(KafkaSettings.admin(bootstrapServers))) {
      admin.describeCluster().nodes().get(READY_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      close();
      throw new IllegalStateException("The embedded Kafka broker did not answer at " + bootstrapServers, e);
    }
  }

  /**
   * {@code count} free ports, all different: each socket stays open until all are taken (two lookups
   * one after the other once gave the broker and its controller the same port).
   */
  private static int[] freePorts(int count) throws IOException {
    List<ServerSocket> sockets = new ArrayList<>();
    try {
      int[] ports = new int[count];
      for (int i = 0; i < count; i++) {
        ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        sockets.add(socket);
        ports[i] = socket.getLocalPort();
      }
      return ports;
    } finally {
      for (ServerSocket socket : sockets) {
        socket.close();
      }
    }
  }

  @Override
  public void close() {
    try {
      server.shutdown();
      server.awaitShutdown();
    } finally {
      deleteQuietly(directory);
    }
  }

  private static void deleteQuietly(Path directory) {
    try (Stream<Path> paths = Files.walk(directory)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      LOG.warn("Could not delete {}", directory, e);
    }
  }
}
