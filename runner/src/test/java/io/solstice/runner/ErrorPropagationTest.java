package io.solstice.runner;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;

import io.ray.api.Ray;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.io.GenerateSequence;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.junit.Test;

/**
 * A failing DoFn fails the job promptly, with the user's exception as the cause, and leaves no
 * worker running.
 */
public class ErrorPropagationTest {

  static final class FailOn extends DoFn<Long, Long> {
    private final long bad;

    FailOn(long bad) {
      this.bad = bad;
    }

    @ProcessElement
    public void process(@Element Long n, OutputReceiver<Long> out) {
      if (n == bad) {
        throw new IllegalStateException("boom at " + n);
      }
      out.output(n);
    }
  }

  /** Takes long enough per element that the job could not end by finishing. */
  static final class Slow extends DoFn<Long, Long> {
    @ProcessElement
    public void process(@Element Long n, OutputReceiver<Long> out) throws InterruptedException {
      Thread.sleep(200);
      out.output(n);
    }
  }

  static final class FailInSetup extends DoFn<Long, Long> {
    @Setup
    public void setup() {
      throw new UnsupportedOperationException("cannot set up");
    }

    @ProcessElement
    public void process(@Element Long n, OutputReceiver<Long> out) {
      out.output(n);
    }
  }

  @Test
  public void userExceptionFailsTheJobPromptlyAsTheCause() {
    Pipeline pipeline = Pipeline.create(TestOptions.solstice(2));
    PCollection<Long> numbers = pipeline.apply(GenerateSequence.from(0).to(1000));
    numbers.apply("Fail", ParDo.of(new FailOn(7)));
    numbers.apply("Slow", ParDo.of(new Slow()));
    long baseline = rayWorkerThreads();

    long start = System.nanoTime();
    PipelineResult result = pipeline.run();
    Pipeline.PipelineExecutionException failure =
        assertThrows(Pipeline.PipelineExecutionException.class, result::waitUntilFinish);
    double seconds = (System.nanoTime() - start) / 1e9;

    assertThat(failure.getCause(), instanceOf(IllegalStateException.class));
    assertEquals("boom at 7", failure.getCause().getMessage());
    // The slow branch alone would take minutes; failing must not wait for it.
    assertThat(seconds, lessThan(60.0));
    assertEquals(PipelineResult.State.FAILED, result.getState());
    assertNoWorkersLeft(baseline);
  }

  @Test
  public void failingSetupFailsTheJob() {
    Pipeline pipeline = Pipeline.create(TestOptions.solstice(2));
    pipeline.apply(GenerateSequence.from(0).to(10)).apply(ParDo.of(new FailInSetup()));
    Pipeline.PipelineExecutionException failure =
        assertThrows(Pipeline.PipelineExecutionException.class, () -> pipeline.run().waitUntilFinish());
    assertThat(failure.getCause(), instanceOf(UnsupportedOperationException.class));
    assertEquals("cannot set up", failure.getCause().getMessage());
  }

  /** Ray's local-mode actor executors name their threads pool-N-thread-M. */
  static long rayWorkerThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.isAlive() && t.getName().matches("pool-\\d+-thread-\\d+"))
        .count();
  }

  static void assertNoWorkersLeft(long baseline) {
    assertFalse("the Ray runtime the job started is shut down", Ray.isInitialized());
    long deadline = System.currentTimeMillis() + 10_000;
    while (rayWorkerThreads() > baseline && System.currentTimeMillis() < deadline) {
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
    }
    assertThat("actor threads still alive", rayWorkerThreads() <= baseline, is(true));
  }
}
