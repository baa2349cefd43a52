package io.solstice.engine.payload;

import io.ray.api.ObjectRef;
import io.ray.api.Ray;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Keeps split payloads in the Ray object store.
 *
 * <p>Ray's local mode never frees an object by itself (its reference counting is a no-op), so the
 * store counts readers and calls {@code Ray.internal().free} when the last one releases a payload.
 * References are resolved through this store instance, which is shared by all workers of a job in
 * the driver's JVM.
 */
public final class RayObjectPayloadStore implements PayloadStore {

  private static final class Entry {
    final ObjectRef<byte[]> ref;
    final int size;
    final AtomicInteger readers;

    Entry(ObjectRef<byte[]> ref, int size, int readers) {
      this.ref = ref;
      this.size = size;
      this.readers = new AtomicInteger(readers);
    }
  }

  private final Map<Long, Entry> entries = new ConcurrentHashMap<>();
  private final AtomicLong nextId = new AtomicLong();
  private final AtomicLong liveBytes = new AtomicLong();

  @Override
  public PayloadRef put(byte[] data, int readers) {
    if (readers < 1) {
      throw new IllegalArgumentException("A payload needs at least one reader");
    }
    long id = nextId.incrementAndGet();
    entries.put(id, new Entry(Ray.put(data), data.length, readers));
    liveBytes.addAndGet(data.length);
    return new PayloadRef(id, data.length);
  }

  @Override
  public byte[] get(PayloadRef ref) {
    Entry entry = entries.get(ref.id());
    if (entry == null) {
      throw new IllegalStateException(ref + " was already freed or never stored");
    }
    return entry.ref.get();
  }

  @Override
  public void release(PayloadRef ref) {
    Entry entry = entries.get(ref.id());
    if (entry == null) {
      throw new IllegalStateException(ref + " was released more often than it has readers");
    }
    if (entry.readers.decrementAndGet() == 0) {
      free(ref.id(), entry);
    }
  }

  private void free(long id, Entry entry) {
    if (entries.remove(id, entry)) {
      liveBytes.addAndGet(-entry.size);
      Ray.internal().free(List.of(entry.ref), false);
    }
  }

  @Override
  public long liveCount() {
    return entries.size();
  }

  @Override
  public long liveBytes() {
    return liveBytes.get();
  }

  @Override
  public void releaseAll() {
    for (Map.Entry<Long, Entry> e : new ArrayList<>(entries.entrySet())) {
      free(e.getKey(), e.getValue());
    }
  }
}
