package io.solstice.engine.control;

import java.io.Serializable;

/**
 * One edge's topic: its consumer group, and the executor that hosts each of its partitions (the
 * executor of the worker that reads it, so that reads are local and only appends travel).
 */
public final class TopicLayout implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String topic;
  private final String group;
  private final int[] hosts;

  public TopicLayout(String topic, String group, int[] hosts) {
    this.topic = topic;
    this.group = group;
    this.hosts = hosts.clone();
  }

  public String topic() {
    return topic;
  }

  public String group() {
    return group;
  }

  public int partitions() {
    return hosts.length;
  }

  /** The executor hosting {@code partition}. */
  public int host(int partition) {
    return hosts[partition];
  }
}
