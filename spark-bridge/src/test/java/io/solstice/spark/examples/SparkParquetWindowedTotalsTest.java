package io.solstice.spark.examples;

import io.solstice.spark.LocalSpark;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.ClassRule;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** The example on SolsticeRunner writes what it writes on DirectRunner, on a generated Parquet file. */
public class SparkParquetWindowedTotalsTest {
  @Rule public TemporaryFolder temp = new TemporaryFolder();
  @ClassRule public static final LocalSpark SPARK = new LocalSpark();

  private List<String> run(String input, String runner) throws Exception {
    Path output = temp.getRoot().toPath().resolve(runner).resolve("totals.csv");
    SparkParquetWindowedTotals.Options options =
        PipelineOptionsFactory.fromArgs(
                "--runner=" + runner, "--input=" + input, "--output=" + output, "--parallelism=2")
            .withoutStrictParsing()
            .as(SparkParquetWindowedTotals.Options.class);
    assertEquals(PipelineResult.State.DONE, SparkParquetWindowedTotals.run(SPARK.session(), options));
    return SparkParquetWindowedTotals.sorted(Files.readAllLines(output, StandardCharsets.UTF_8));
  }

  @Test
  public void solsticeWritesWhatDirectRunnerWrites() throws Exception {
    String input = temp.newFolder("purchases").toPath().toString();
    SparkParquetWindowedTotals.generate(SPARK.session(), input, 200_000);
    List<String> direct = run(input, "DirectRunner");
    List<String> solstice = run(input, "SolsticeRunner");
    // 50 users buy in each of the hour's 60 minutes.
    assertEquals(3_000, direct.size());
    assertTrue(direct.get(0).startsWith("2026-12-07T00:00:00.000Z,user-0,"));
    assertEquals(direct, solstice);
  }
}
