package io.solstice.engine.queue;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The queue partitions one executor holds for a job: in-memory partition logs, appended to by the
 * job's producers (here, or in other processes through executor calls) and read by the consumers
 * of this executor. Without a broker, each partition lives with the worker that reads it.
 */
public final class PartitionHost {

  private final int partitionCapacity;
  private final Map<String, PartitionLog[]> topics = new ConcurrentHashMap<>();

  /** @param partitionCapacity uncommitted messages a partition holds before appends wait */
  public PartitionHost(int partitionCapacity) {
    if (partitionCapacity < 1) {
      throw new IllegalArgumentException("Partition capacity must be at least 1");
    }
    this.partitionCapacity = partitionCapacity;
  }

  /**
   * Hosts the partitions of {@code topic} that {@code hostedHere} selects, of {@code partitions}
   * in all.
   */
  public void host(String topic, int partitions, Collection<Integer> hostedHere) {
    PartitionLog[] logs = new PartitionLog[partitions];
    for (int p : hostedHere) {
      logs[p] = new PartitionLog(topic + "-" + p, partitionCapacity);
    }
    if (topics.putIfAbsent(topic, logs) != null) {
      throw new IllegalStateException("Topic " + topic + " is already hosted here");
    }
  }

  PartitionLog log(TopicPartition tp) {
    PartitionLog[] logs = topics.get(tp.topic());
    if (logs == null) {
      throw new IllegalStateException("No topic " + tp.topic() + " on this executor");
    }
    if (tp.partition() < 0 || tp.partition() >= logs.length || logs[tp.partition()] == null) {
      throw new IllegalArgumentException("Partition " + tp + " is not hosted on this executor");
    }
    return logs[tp.partition()];
  }

  /** Appends, waiting while the partition is full. */
  public void append(TopicPartition tp, SplitMessage message) throws InterruptedException {
    log(tp).append(message);
  }

  /** Appends if there is room within {@code waitMillis}; false if the partition stayed full. */
  public boolean tryAppend(TopicPartition tp, SplitMessage message, long waitMillis) throws InterruptedException {
    return log(tp).tryAppend(message, waitMillis);
  }

  /** Uncommitted messages on a topic's partitions hosted here (0 for an unknown topic). */
  public long backlog(String topic) {
    PartitionLog[] logs = topics.get(topic);
    long total = 0;
    if (logs != null) {
      for (PartitionLog log : logs) {
        total += log == null ? 0 : log.backlog();
      }
    }
    return total;
  }

  /** A consumer of partitions hosted here, committing under {@code group}. */
  public QueueConsumer consumer(String group) {
    return new Consumer(group);
  }

  /** Drops every partition; blocked appends fail. */
  public void deleteAll() {
    for (String topic : new ArrayList<>(topics.keySet())) {
      PartitionLog[] logs = topics.remove(topic);
      if (logs != null) {
        for (PartitionLog log : logs) {
          if (log != null) {
            log.delete();
          }
        }
      }
    }
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
    public long backlog() {
      long behind = 0;
      for (int i = 0; i < logs.size(); i++) {
        behind += Math.max(0, logs.get(i).end() - positions[i]);
      }
      return behind;
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
