package io.solstice.runner;

import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.io.GenerateSequence;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.junit.Test;

/**
 * A DoFn that keeps nearly the whole heap in its own fields and goes on allocating puts the JVM in
 * a garbage-collection spiral, which G1 can keep up for minutes without an OutOfMemoryError: the job
 * must fail within seconds, saying so and what to change. Runs in the {@code bounded-memory}
 * execution ({@code -Xmx160m}). Without the watch the DoFn ends by itself after 90 s and the job
 * succeeds, so this test fails.
 */
public class GcThrashTest {
  private static final long GIVE_UP_MILLIS = 90_000;

  @Test
  public void aJvmSpirallingInGarbageCollectionFailsTheJobNamingIt() {
    Pipeline pipeline = Pipeline.create(TestOptions.solstice(1));
    pipeline.apply(GenerateSequence.from(0).to(1)).apply(ParDo.of(new HoardTheHeap()));
    long start = System.nanoTime();
    RuntimeException failure = assertThrows(RuntimeException.class, () -> pipeline.run().waitUntilFinish());
    long seconds = (System.nanoTime() - start) / 1_000_000_000L;
    StringBuilder messages = new StringBuilder();
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      messages.append(t.getMessage()).append('\n');
    }
    assertTrue(messages.toString(), messages.toString().contains("collecting garbage"));
    assertTrue(messages.toString(), messages.toString().contains("larger -Xmx"));
    assertTrue("failed after " + seconds + " s", seconds < 60);
  }

  /**
   * Fills the heap to 90 % with its own arrays, then keeps replacing a ring of 4 MB of 4 KB arrays,
   * which live long enough to reach the old generation: G1 then collects over 90 % of the time,
   * while a fuller heap runs out of memory outright (at 96.5 % every thread did).
   */
  private static final class HoardTheHeap extends DoFn<Long, Void> {
    private final List<byte[]> hoard = new ArrayList<>();

    @ProcessElement
    public void process() throws InterruptedException {
      MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
      long max = Runtime.getRuntime().maxMemory();
      long target = (long) (max * 0.90);
      // Three rounds of "measure after a full collection, add what is missing" reach the target.
      for (int round = 0; round < 3; round++) {
        System.gc();
        long missing = target - memory.getHeapMemoryUsage().getUsed();
        for (long added = 0; added < missing; added += 64 << 10) {
          hoard.add(new byte[64 << 10]);
        }
      }
      byte[][] recent = new byte[1024][];
      long deadline = System.currentTimeMillis() + GIVE_UP_MILLIS;
      for (long i = 0; System.currentTimeMillis() < deadline; i++) {
        recent[(int) (i & 1023)] = new byte[4096];
        if ((i & 1023) == 0 && Thread.currentThread().isInterrupted()) {
          hoard.clear();
          throw new InterruptedException("cancelled");
        }
      }
      hoard.clear();
    }
  }
}
