package io.solstice.engine.payload;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The payloads one executor holds for a job, on its heap, until each reader has taken them. A
 * reader on another executor takes them through an executor call that returns the bytes, so the
 * reader owns the copy Ray makes (and frees it), and the holder drops its own at the last take.
 */
public final class PayloadHolder {

  private static final class Entry {
    final byte[] data;
    final AtomicInteger readers;

    Entry(byte[] data, int readers) {
      this.data = data;
      this.readers = new AtomicInteger(readers);
    }
  }

  private final Map<Long, Entry> entries = new ConcurrentHashMap<>();
  private final AtomicLong nextId = new AtomicLong();
  private final AtomicLong liveBytes = new AtomicLong();

  /** Keeps {@code data} for {@code readers} takes; returns its id. */
  public long put(byte[] data, int readers) {
    if (readers < 1) {
      throw new IllegalArgumentException("A payload needs at least one reader");
    }
    long id = nextId.incrementAndGet();
    entries.put(id, new Entry(data, readers));
    liveBytes.addAndGet(data.length);
    return id;
  }

  /** One reader's take of payload {@code id}; the last one frees it. */
  public byte[] take(long id) {
    Entry entry = entries.get(id);
    if (entry == null) {
      throw new IllegalStateException("Payload " + id + " was already taken by all its readers, or never stored");
    }
    if (entry.readers.decrementAndGet() == 0 && entries.remove(id, entry)) {
      liveBytes.addAndGet(-entry.data.length);
    }
    return entry.data;
  }

  /** Payloads held and not yet taken by all their readers. */
  public long liveCount() {
    return entries.size();
  }

  public long liveBytes() {
    return liveBytes.get();
  }

  /** Drops every payload; used when a job ends. */
  public void clear() {
    entries.clear();
    liveBytes.set(0);
  }
}
