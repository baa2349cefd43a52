package io.solstice.engine.worker;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;

import io.solstice.engine.EngineConfig;
import org.junit.Test;

/** A worker's out-of-memory failure names the stage, the heap and the option that sizes it. */
public class OutOfMemoryFailureTest {
  private static final long HEAP = 1536L << 20;

  @Test
  public void localModeNamesTheWorkerTheHeapAndXmx() {
    OutOfMemoryError oom = new OutOfMemoryError("Java heap space");
    RuntimeException wrapped = new RuntimeException("in user code", oom);
    Throwable failure = OutOfMemoryFailure.explain(wrapped, "stage 'Sum' worker 1", HEAP, new EngineConfig());
    String message = failure.getMessage();
    assertTrue(message, message.startsWith("Stage 'Sum' worker 1 ran out of memory (java.lang.OutOfMemoryError: Java heap space)"));
    assertTrue(message, message.contains("a heap of 1536 MB"));
    assertTrue(message, message.contains("-Xmx"));
    assertTrue(message, message.contains("--parallelism"));
    assertSame(wrapped, failure.getCause());
  }

  @Test
  public void clusterModeNamesExecutorMemory() {
    EngineConfig config = new EngineConfig().rayMode(EngineConfig.RayMode.CLUSTER).executorMemoryMb(2048);
    Throwable failure = OutOfMemoryFailure.explain(new OutOfMemoryError("Java heap space"), "stage 'Sum' worker 0", HEAP, config);
    assertTrue(failure.getMessage(), failure.getMessage().contains("--executorMemoryMb (now 2048)"));
  }

  @Test
  public void otherFailuresPassThrough() {
    IllegalStateException failure = new IllegalStateException("not memory");
    assertSame(failure, OutOfMemoryFailure.explain(failure, "stage 'Sum' worker 0", HEAP, new EngineConfig()));
    assertEquals("not memory", failure.getMessage());
  }
}
