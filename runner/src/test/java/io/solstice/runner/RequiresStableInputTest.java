package io.solstice.runner;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.PeriodicImpulse;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * {@code @RequiresStableInput}, as Beam's RequiresStableInputIT checks it: upstream pairs each
 * element with a random key, and a DoFn that requires stable input records a side effect for each
 * element it sees, then fails once. After the restart it must see the same keys again, never
 * recomputed ones, so every element has exactly one side effect.
 */
public class RequiresStableInputTest {
  private static final long ELEMENTS = 1_000;
  private static final long FAIL_AT = 600;

  @Rule public TemporaryFolder folder = new TemporaryFolder();

  /** Records each element as a file named by its value and key, and fails once at one element. */
  static final class SideEffectThenFail extends DoFn<KV<String, Long>, Void> {
    private final String effects;
    private final String marker;

    SideEffectThenFail(Path effects, Path marker) {
      this.effects = effects.toString();
      this.marker = marker.toString();
    }

    @RequiresStableInput
    @ProcessElement
    public void process(@Element KV<String, Long> element) throws IOException {
      Files.write(Path.of(effects, element.getValue() + "-" + element.getKey()), new byte[0]);
      if (element.getValue() == FAIL_AT && Files.notExists(Path.of(marker))) {
        Files.createFile(Path.of(marker));
        throw new IllegalStateException("injected failure after the side effect of " + FAIL_AT);
      }
    }
  }

  @Test
  public void aDoFnRequiringStableInputSeesTheSameInputAfterARestart() throws Exception {
    Path effects = folder.newFolder("effects").toPath();
    Path marker = folder.getRoot().toPath().resolve("failed-once");
    SolsticePipelineOptions options = TestOptions.solstice(2);
    options.setCheckpointingInterval(100L);
    options.setCheckpointLocation(folder.newFolder("checkpoints").toURI().toString());
    options.setMaxRestarts(1);
    options.setRestartDelay(100);
    Pipeline pipeline = Pipeline.create(options);
    Instant start = Instant.now().plus(Duration.standardSeconds(1));
    pipeline
        .apply(
            PeriodicImpulse.create()
                .startAt(start)
                .stopAt(start.plus(Duration.millis(ELEMENTS * 2)))
                .withInterval(Duration.millis(2)))
        .apply(
            MapElements.into(TypeDescriptors.kvs(TypeDescriptors.strings(), TypeDescriptors.longs()))
                .via(t -> KV.of(UUID.randomUUID().toString(), (t.getMillis() - start.getMillis()) / 2)))
        .apply(ParDo.of(new SideEffectThenFail(effects, marker)));
    SolsticePipelineResult result = (SolsticePipelineResult) pipeline.run();
    assertEquals(PipelineResult.State.DONE, result.waitUntilFinish());
    assertTrue("the failure was injected", Files.exists(marker));
    assertEquals(1, result.restoredFrom().size());

    Map<Long, Integer> effectsPerElement = new TreeMap<>();
    try (Stream<Path> files = Files.list(effects)) {
      files.forEach(
          f -> effectsPerElement.merge(Long.parseLong(f.getFileName().toString().split("-")[0]), 1, Integer::sum));
    }
    assertEquals("every element has a side effect", ELEMENTS + 1, effectsPerElement.size());
    effectsPerElement.forEach(
        (element, count) -> assertEquals("side effects of element " + element, 1, (int) count));
  }

}
