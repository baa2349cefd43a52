package io.solstice.engine.queue;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One in-memory partition: an append-only log addressed by offset, trimmed below the offsets every
 * consumer group has committed. Appends block while {@code capacity} messages are uncommitted.
 */
final class PartitionLog {
  private final String name;
  private final int capacity;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition notFull = lock.newCondition();
  private final ArrayDeque<SplitMessage> messages = new ArrayDeque<>();
  private final Map<String, Long> committed = new HashMap<>();
  private final List<WakeSignal> readers = new CopyOnWriteArrayList<>();
  private long firstOffset;
  private boolean deleted;

  PartitionLog(String name, int capacity) {
    this.name = name;
    this.capacity = capacity;
  }

  /** Appends, waiting while the partition is full (backpressure). */
  void append(SplitMessage message) throws InterruptedException {
    while (!tryAppend(message, 100)) {
      if (Thread.interrupted()) {
        throw new InterruptedException();
      }
    }
  }

  /**
   * Appends if the partition has room within {@code waitMillis}; returns false if it stayed full.
   * A producer in another process calls this, and tries again after a false, so that no executor
   * thread blocks for long.
   */
  boolean tryAppend(SplitMessage message, long waitMillis) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMillis);
    lock.lockInterruptibly();
    try {
      while (!deleted && endOffset() - minCommitted() >= capacity) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        notFull.awaitNanos(left);
      }
      if (deleted) {
        throw new IllegalStateException("Partition " + name + " was deleted");
      }
      messages.addLast(message);
    } finally {
      lock.unlock();
    }
    for (WakeSignal reader : readers) {
      reader.wake();
    }
    return true;
  }

  /** Reads up to {@code max} messages starting at {@code offset} into {@code out}. */
  int read(long offset, int max, List<SplitMessage> out) {
    lock.lock();
    try {
      if (offset < firstOffset) {
        throw new IllegalStateException(
            "Offset " + offset + " of " + name + " was already trimmed (first is " + firstOffset + ")");
      }
      long skip = offset - firstOffset;
      if (skip >= messages.size()) {
        return 0;
      }
      int read = 0;
      Iterator<SplitMessage> it = messages.iterator();
      for (long i = 0; i < skip; i++) {
        it.next();
      }
      while (it.hasNext() && read < max) {
        out.add(it.next());
        read++;
      }
      return read;
    } finally {
      lock.unlock();
    }
  }

  /** Registers a consumer group; returns its committed offset (0 for a new group). */
  long join(String group, WakeSignal reader) {
    readers.add(reader);
    lock.lock();
    try {
      return committed.computeIfAbsent(group, g -> firstOffset);
    } finally {
      lock.unlock();
    }
  }

  void leave(WakeSignal reader) {
    readers.remove(reader);
  }

  void commit(String group, long nextOffset) {
    lock.lock();
    try {
      committed.merge(group, nextOffset, Math::max);
      long floor = minCommitted();
      while (firstOffset < floor && !messages.isEmpty()) {
        messages.pollFirst();
        firstOffset++;
      }
      notFull.signalAll();
    } finally {
      lock.unlock();
    }
  }

  void delete() {
    lock.lock();
    try {
      deleted = true;
      messages.clear();
      notFull.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** The offset the next message appended will have. */
  long end() {
    lock.lock();
    try {
      return endOffset();
    } finally {
      lock.unlock();
    }
  }

  /** Messages appended but not yet committed by every group. */
  long backlog() {
    lock.lock();
    try {
      return endOffset() - minCommitted();
    } finally {
      lock.unlock();
    }
  }

  private long endOffset() {
    return firstOffset + messages.size();
  }

  private long minCommitted() {
    long min = Long.MAX_VALUE;
    for (long offset : committed.values()) {
      min = Math.min(min, offset);
    }
    return min == Long.MAX_VALUE ? firstOffset : min;
  }
}
