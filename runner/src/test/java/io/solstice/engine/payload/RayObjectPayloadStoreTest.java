package io.solstice.engine.payload;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import io.ray.api.Ray;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/** Payloads live in Ray's object store (local mode) until their last reader releases them. */
public class RayObjectPayloadStoreTest {
  @BeforeClass
  public static void startRay() {
    System.setProperty("ray.run-mode", "LOCAL");
    Ray.init();
  }

  @AfterClass
  public static void stopRay() {
    Ray.shutdown();
  }

  @Test
  public void freesAPayloadWhenItsLastReaderReleasesIt() {
    RayObjectPayloadStore store = new RayObjectPayloadStore();
    byte[] data = new byte[100_000];
    data[7] = 42;
    PayloadRef ref = store.put(data, 2);
    assertEquals(1, store.liveCount());
    assertEquals(100_000, store.liveBytes());
    assertArrayEquals(data, store.get(ref));

    store.release(ref);
    assertEquals("one reader left", 1, store.liveCount());
    assertEquals(42, store.get(ref)[7]);

    store.release(ref);
    assertEquals(0, store.liveCount());
    assertEquals(0, store.liveBytes());
    assertThrows(IllegalStateException.class, () -> store.get(ref));
    assertThrows(IllegalStateException.class, () -> store.release(ref));
  }

  @Test
  public void releaseAllFreesEverything() {
    RayObjectPayloadStore store = new RayObjectPayloadStore();
    store.put(new byte[10], 1);
    store.put(new byte[20], 3);
    store.releaseAll();
    assertEquals(0, store.liveCount());
    assertEquals(0, store.liveBytes());
  }
}
