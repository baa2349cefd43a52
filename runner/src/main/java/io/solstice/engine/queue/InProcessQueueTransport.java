package io.solstice.engine.queue;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The embedded transport: topics are in-memory partition logs in this JVM, shared by every worker
 * of a job in Ray's local mode.
 */
public final class InProcessQueueTransport implements QueueTransport {

  private final int partitionCapacity;
  private final Map<String, PartitionLog[]> topics = new ConcurrentHashMap<>();

  /** @param partitionCapacity uncommitted messages a partition holds before appends block */
  public InProcessQueueTransport(int partitionCapacity) {
    if (partitionCapacity < 1) {
      throw new IllegalArgumentException("Partition capacity must be at least 1");
    }
    this.partitionCapacity = partitionCapacity;
  }

  @Override
  public void createTopic(String topic, int partitions, String readerGroup) {
    PartitionLog[] logs = new PartitionLog[partitions];
    for (int p = 0; p < partitions; p++) {
      logs[p] = new PartitionLog(topic + "-" + p, partitionCapacity);
    }
    if (topics.putIfAbsent(topic, logs) != null) {
      throw new IllegalStateException("Topic " + topic + " already exists");
    }
  }

  @Override
  public void deleteTopics(java.util.Collection<String> names) {
    for (String topic : names) {
      PartitionLog[] logs = topics.remove(topic);
      if (logs != null) {
        for (PartitionLog log : logs) {
          log.delete();
        }
      }
    }
  }

  PartitionLog log(TopicPartition tp) {
    PartitionLog[] logs = topics.get(tp.topic());
    if (logs == null) {
      throw new IllegalStateException("No topic " + tp.topic());
    }
    if (tp.partition() < 0 || tp.partition() >= logs.length) {
      throw new IllegalArgumentException("Topic " + tp.topic() + " has no partition " + tp.partition());
    }
    return logs[tp.partition()];
  }

  /** Uncommitted messages on a topic, summed over its partitions (0 for an unknown topic). */
  public long backlog(String topic) {
    PartitionLog[] logs = topics.get(topic);
    long total = 0;
    if (logs != null) {
      for (PartitionLog log : logs) {
        total += log.backlog();
      }
    }
    return total;
  }

  @Override
  public QueueProducer createProducer() {
    return new QueueProducer() {
      @Override
      public void send(TopicPartition partition, SplitMessage message) throws InterruptedException {
        log(partition).append(message);
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
  }

  @Override
  public QueueConsumer createConsumer(String group) {
    return new Consumer(group);
  }

  @Override
  public void close() {
    deleteTopics(new ArrayList<>(topics.keySet()));
  }

  private final class Consumer implements QueueConsumer {
    private final String group;
    private final WakeSignal signal = new WakeSignal();
    private final List<TopicPartition> partitions = new ArrayList<>();
    private final List<PartitionLog> logs = new ArrayList<>();
    private long[] positions = new long[0];
    private int nextStart;

    Consumer(String group) {
      this.group = group;
    }

    @Override
    public void assign(Collection<TopicPartition> assigned) {
      for (PartitionLog log : logs) {
        log.leave(signal);
      }
      partitions.clear();
      logs.clear();
      partitions.addAll(assigned);
      positions = new long[partitions.size()];
      for (int i = 0; i < partitions.size(); i++) {
        PartitionLog log = log(partitions.get(i));
        logs.add(log);
        positions[i] = log.join(group, signal);
      }
    }

    @Override
    public List<QueueRecord> poll(long timeoutMillis, int maxRecords) throws InterruptedException {
      long deadline = System.currentTimeMillis() + timeoutMillis;
      List<QueueRecord> records = new ArrayList<>();
      List<SplitMessage> batch = new ArrayList<>();
      while (true) {
        signal.clear();
        int n = partitions.size();
        // Rotate the starting partition so that one busy partition cannot starve the others.
        for (int k = 0; k < n && records.size() < maxRecords; k++) {
          int i = (nextStart + k) % n;
          batch.clear();
          logs.get(i).read(positions[i], maxRecords - records.size(), batch);
          for (SplitMessage message : batch) {
            records.add(new QueueRecord(partitions.get(i), positions[i]++, message));
          }
        }
        nextStart = n == 0 ? 0 : (nextStart + 1) % n;
        long left = deadline - System.currentTimeMillis();
        if (!records.isEmpty() || left <= 0) {
          return records;
        }
        if (Thread.interrupted()) {
          throw new InterruptedException();
        }
        signal.await(left);
      }
    }

    @Override
    public void commit(Map<TopicPartition, Long> nextOffsets) {
      nextOffsets.forEach((tp, offset) -> log(tp).commit(group, offset));
    }

    @Override
    public void close() {
      for (PartitionLog log : logs) {
        log.leave(signal);
      }
    }
  }
}
