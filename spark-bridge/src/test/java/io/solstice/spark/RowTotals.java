package io.solstice.spark;

import static org.junit.Assert.assertEquals;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;
import org.apache.spark.sql.Dataset;

/**
 * Checks that every row of a DataFrame of ids 0..n-1 (with {@code d = id * 0.5} and {@code s} the
 * id as a string) reaches the pipeline exactly once.
 */
public final class RowTotals {
  private RowTotals() {}

  public static void assertArriveOnce(Dataset<org.apache.spark.sql.Row> dataFrame, long rows, String... args) {
    Totals expected = new Totals();
    for (long id = 0; id < rows; id++) {
      expected.count++;
      expected.sum += id;
      expected.squares += id * id;
      expected.chars += Long.toString(id).getBytes(StandardCharsets.UTF_8).length;
    }
    Pipeline pipeline = Pipeline.create(PipelineOptionsFactory.fromArgs(args).create());
    PCollection<Totals> totals =
        pipeline
            .apply(SparkSource.read(dataFrame))
            .apply(Combine.globally(new SumRows()))
            .setCoder(SerializableCoder.of(Totals.class));
    PAssert.thatSingleton(totals).isEqualTo(expected);
    assertEquals(PipelineResult.State.DONE, pipeline.run().waitUntilFinish());
  }

  /** Count, sum and sum of squares of ids, and total string length: a lost or doubled row shows. */
  public static final class Totals implements Serializable {
    private static final long serialVersionUID = 1L;
    long count;
    long sum;
    long squares;
    long chars;

    @Override
    public boolean equals(Object o) {
      if (!(o instanceof Totals)) {
        return false;
      }
      Totals t = (Totals) o;
      return count == t.count && sum == t.sum && squares == t.squares && chars == t.chars;
    }

    @Override
    public int hashCode() {
      return Long.hashCode(count ^ sum ^ squares ^ chars);
    }

    @Override
    public String toString() {
      return "count " + count + ", sum " + sum + ", squares " + squares + ", chars " + chars;
    }
  }

  static final class SumRows extends Combine.CombineFn<Row, Totals, Totals> {
    private static final long serialVersionUID = 1L;

    @Override
    public Totals createAccumulator() {
      return new Totals();
    }

    @Override
    public Totals addInput(Totals totals, Row row) {
      long id = row.getInt64("id");
      totals.count++;
      totals.sum += id;
      totals.squares += id * id;
      totals.chars += row.getString("s").length();
      if (row.getDouble("d") != id * 0.5) {
        throw new IllegalStateException("row " + id + " has d = " + row.getDouble("d"));
      }
      return totals;
    }

    @Override
    public Totals mergeAccumulators(Iterable<Totals> all) {
      Totals merged = new Totals();
      for (Totals t : all) {
        merged.count += t.count;
        merged.sum += t.sum;
        merged.squares += t.squares;
        merged.chars += t.chars;
      }
      return merged;
    }

    @Override
    public Totals extractOutput(Totals totals) {
      return totals;
    }
  }

}
