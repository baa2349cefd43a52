package io.solstice.engine.queue;

import java.io.Serializable;
import java.util.Objects;

/** One partition of one queue topic. */
public final class TopicPartition implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String topic;
  private final int partition;

  public TopicPartition(String topic, int partition) {
    this.topic = topic;
    this.partition = partition;
  }

  public String topic() {
    return topic;
  }

  public int partition() {
    return partition;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof TopicPartition)) {
      return false;
    }
    TopicPartition that = (TopicPartition) o;
    return partition == that.partition && topic.equals(that.topic);
  }

  @Override
  public int hashCode() {
    return Objects.hash(topic, partition);
  }

  @Override
  public String toString() {
    return topic + "-" + partition;
  }
}
