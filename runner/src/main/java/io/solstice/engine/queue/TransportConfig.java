package io.solstice.engine.queue;

import java.io.Serializable;

/** Which queue transport a job uses, and how to reach it. */
public final class TransportConfig implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The transports. */
  public enum Kind {
    /**
     * Partitions held in memory by the executors whose workers read them; producers append
     * through executor calls (or directly, on the same executor). No broker: the default. In
     * Ray's local mode every executor is this JVM.
     */
    EXECUTOR,
    /** Topics on a Kafka-protocol broker: Apache Kafka, Redpanda, Tansu. */
    KAFKA
  }

  private final Kind kind;
  private final String bootstrapServers;
  private final boolean keepTopics;

  private TransportConfig(Kind kind, String bootstrapServers, boolean keepTopics) {
    this.kind = kind;
    this.bootstrapServers = bootstrapServers;
    this.keepTopics = keepTopics;
  }

  public static TransportConfig executors() {
    return new TransportConfig(Kind.EXECUTOR, null, false);
  }

  public static TransportConfig kafka(String bootstrapServers, boolean keepTopics) {
    return new TransportConfig(Kind.KAFKA, bootstrapServers, keepTopics);
  }

  public Kind kind() {
    return kind;
  }

  /** For {@link Kind#KAFKA}: the brokers, as {@code host:port[,host:port...]}. */
  public String bootstrapServers() {
    return bootstrapServers;
  }

  /** For {@link Kind#KAFKA}: keep the job's topics when it ends, for inspection. */
  public boolean keepTopics() {
    return keepTopics;
  }

  @Override
  public String toString() {
    return kind == Kind.KAFKA ? "Kafka at " + bootstrapServers : "executor-held partitions";
  }
}
