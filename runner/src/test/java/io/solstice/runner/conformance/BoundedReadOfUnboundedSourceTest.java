package io.solstice.runner.conformance;

import io.solstice.runner.testing.DifferentialRun;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.junit.Assert.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.io.CountingSource;
import org.apache.beam.sdk.io.GenerateSequence;
import org.apache.beam.sdk.io.Read;
import org.apache.beam.sdk.transforms.Count;
import org.apache.beam.sdk.transforms.Distinct;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.Max;
import org.apache.beam.sdk.transforms.Min;
import org.apache.beam.sdk.transforms.Sum;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.joda.time.Duration;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Bounded reads of unbounded sources ({@code withMaxNumRecords}, {@code withMaxReadTime}): record
 * bounds give DirectRunner's result; time bounds end the read at the bound.
 */
public class BoundedReadOfUnboundedSourceTest {
  @Rule public final TemporaryFolder folder = new TemporaryFolder();

  /** Count, distinct count, sum, min and max of a read, as lines. */
  private static PCollection<String> summary(PCollection<Long> numbers) {
    List<PCollection<String>> lines =
        List.of(
            line(numbers.apply("Count", Count.globally()), "count"),
            line(numbers.apply("Distinct", Distinct.create()).apply("CountDistinct", Count.globally()), "distinct"),
            line(numbers.apply("Sum", Sum.longsGlobally()), "sum"),
            line(numbers.apply("Min", Min.longsGlobally()), "min"),
            line(numbers.apply("Max", Max.longsGlobally()), "max"));
    return PCollectionList.of(lines).apply(Flatten.pCollections());
  }

  private static PCollection<String> line(PCollection<Long> value, String name) {
    return value.apply(
        "Format" + name,
        MapElements.into(TypeDescriptors.strings()).via((Long v) -> name + "=" + v));
  }

  // DirectRunner is the expectation where the outcome is determined: record bounds. Sizes stay
  // small, since DirectRunner groups a global combine's input on one key, slowly.

  @Test
  public void recordBoundInOneSplit() throws IOException {
    DifferentialRun.assertSameAsDirect(
        folder.getRoot().toPath(),
        p -> summary(p.apply(Read.from(CountingSource.unbounded()).withMaxNumRecords(2_000))));
  }

  @Test
  public void recordBoundWithDeduplication() throws IOException {
    DifferentialRun.assertSameAsDirect(
        folder.getRoot().toPath(),
        p -> summary(p.apply(Read.from(new DuplicatingSource()).withMaxNumRecords(2_001))));
  }

  /**
   * 30,000 records: the bound is shared out over the splits (two here; Beam's expansion would make
   * four, so which numbers are read differs from DirectRunner's), and every record is read once.
   */
  @Test(timeout = 300_000)
  public void recordBoundSharedAcrossSplits() throws IOException {
    List<String> lines =
        runTimed(p -> summary(p.apply(Read.from(CountingSource.unbounded()).withMaxNumRecords(30_000))), 60_000);
    assertEquals(30_000, value(lines, "count"));
    assertEquals(30_000, value(lines, "distinct"));
  }

  /**
   * A rate-limited sequence read for 3 s ends at the bound, with every element read once. (Beam's
   * expansion splits it into 100 shards that two workers would read one after another for 3 s each.)
   */
  @Test(timeout = 300_000)
  public void timeBoundOfARateLimitedSequence() throws IOException {
    long rate = 200;
    List<String> lines =
        runTimed(
            p -> summary(p.apply(GenerateSequence.from(0).withRate(rate, Duration.standardSeconds(1))
                .withMaxReadTime(Duration.standardSeconds(3)))),
            30_000);
    long count = value(lines, "count");
    assertThat(count, greaterThan(0L));
    assertThat(count, lessThanOrEqualTo(rate * 3 + rate));
    assertEquals(count, value(lines, "distinct"));
  }

  /**
   * A source that always has data stops at its time bound too. (DirectRunner reads such a source
   * without end: Beam's ReadFn looks at the clock only when the source has nothing to give.)
   */
  @Test(timeout = 300_000)
  public void timeBoundOfASourceThatNeverRunsDry() throws IOException {
    List<String> lines =
        runTimed(p -> summary(p.apply(Read.from(CountingSource.unbounded()).withMaxReadTime(Duration.standardSeconds(1)))), 30_000);
    assertThat(value(lines, "count"), greaterThan(0L));
    assertEquals(value(lines, "count"), value(lines, "distinct"));
  }

  private List<String> runTimed(DifferentialRun.Shape shape, long limitMillis) throws IOException {
    Path dir = folder.getRoot().toPath().resolve("solstice");
    long start = System.nanoTime();
    List<String> lines = DifferentialRun.run(dir, shape, "--runner=SolsticeRunner", "--parallelism=2");
    long millis = (System.nanoTime() - start) / 1_000_000;
    // A generous margin over the bound: the failure this guards against took minutes.
    assertThat("the read ended near its time bound, in ms", millis, lessThan(limitMillis));
    return lines;
  }

  private static long value(List<String> lines, String name) {
    for (String line : lines) {
      if (line.startsWith(name + "=")) {
        return Long.parseLong(line.substring(name.length() + 1));
      }
    }
    throw new AssertionError("No " + name + " in " + lines);
  }
}
