package io.solstice.engine.queue;

import io.solstice.engine.graph.EdgeSpec;

/** Names of the topics and consumer groups of a job: one topic per edge, one group per stage. */
public final class TopicNames {
  private TopicNames() {}

  public static String topic(String jobId, EdgeSpec edge) {
    return "solstice." + jobId + ".e" + edge.id() + "." + sanitize(edge.name());
  }

  /** The consumer group of a stage: it reads every input edge of the stage. */
  public static String group(String jobId, int stageId) {
    return "solstice." + jobId + ".s" + stageId;
  }

  /** Kafka topic names allow letters, digits, '.', '_' and '-', up to 249 characters. */
  public static String sanitize(String name) {
    String clean = name.replaceAll("[^A-Za-z0-9._-]", "_");
    return clean.length() > 80 ? clean.substring(0, 80) : clean;
  }
}
