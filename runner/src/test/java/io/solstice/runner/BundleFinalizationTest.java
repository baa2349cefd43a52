package io.solstice.runner;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThan;
import static org.junit.Assert.assertEquals;

import java.util.concurrent.atomic.AtomicInteger;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.io.GenerateSequence;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.Test;

/** Finalization callbacks registered by a ParDo run once its bundle's output is committed. */
public class BundleFinalizationTest {
  static final AtomicInteger REGISTERED = new AtomicInteger();
  static final AtomicInteger FINALIZED = new AtomicInteger();

  static final class Finalizing extends DoFn<Long, Long> {
    private boolean registered;

    @StartBundle
    public void start() {
      registered = false;
    }

    @ProcessElement
    public void process(@Element Long n, OutputReceiver<Long> out, BundleFinalizer finalizer) {
      if (!registered) {
        registered = true;
        REGISTERED.incrementAndGet();
        finalizer.afterBundleCommit(Instant.now().plus(Duration.standardMinutes(5)), FINALIZED::incrementAndGet);
      }
      out.output(n);
    }
  }

  @Test
  public void runsEveryCallbackAfterItsBundleCommits() {
    Pipeline pipeline = Pipeline.create(TestOptions.solstice(2));
    pipeline.apply(GenerateSequence.from(0).to(10_000)).apply(ParDo.of(new Finalizing()));
    assertEquals(PipelineResult.State.DONE, pipeline.run().waitUntilFinish());
    assertThat(REGISTERED.get(), greaterThan(0));
    assertEquals(REGISTERED.get(), FINALIZED.get());
  }
}
