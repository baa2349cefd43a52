package io.solstice.engine.queue;

import java.io.Serializable;

/** Which queue transport a job uses, and how to reach it. */
public final class TransportConfig implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The transports. */
  public enum Kind {
    /** Partitions in this JVM's memory: the embedded default, for Ray's local mode. */
    IN_PROCESS,
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

  public static TransportConfig inProcess() {
    return new TransportConfig(Kind.IN_PROCESS, null, false);
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
    return kind == Kind.KAFKA ? "Kafka at " + bootstrapServers : "in-process";
  }
}
