package io.solstice.spark.examples;

import io.solstice.spark.SparkSource;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.io.TextIO;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Sum;
import org.apache.beam.sdk.transforms.WithTimestamps;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.FixedWindows;
import org.apache.beam.sdk.transforms.windowing.IntervalWindow;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.apache.spark.sql.SparkSession;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * Spark reads a Parquet file of purchases (user, amount in cents, time); Beam windows them by the
 * minute and totals each user's amount per window; one text line per user and window. With
 * {@code --runner=SolsticeRunner} Spark's tasks hand the rows to Solstice as Arrow batches; with
 * {@code --runner=DirectRunner} the same pipeline reads them through a plain bounded source.
 *
 * <p>{@code --generate=N} first writes N random purchases to {@code --input} with Spark.
 */
public final class SparkParquetWindowedTotals {

  public interface Options extends PipelineOptions {
    @Description("Parquet files to read (a directory Spark wrote, say)")
    String getInput();

    void setInput(String value);

    @Description("Output files' prefix")
    String getOutput();

    void setOutput(String value);

    @Description("If above 0, first write this many random purchases to --input")
    @Default.Long(0)
    long getGenerate();

    void setGenerate(long value);

    @Description("Window length in seconds")
    @Default.Long(60)
    long getWindowSeconds();

    void setWindowSeconds(long value);
  }

  private SparkParquetWindowedTotals() {}

  public static void main(String[] args) {
    Options options = PipelineOptionsFactory.fromArgs(args).withValidation().as(Options.class);
    SparkSession spark =
        SparkSession.builder()
            .appName("spark-parquet-windowed-totals")
            .master("local[2]")
            .config("spark.driver.bindAddress", "127.0.0.1")
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.ui.enabled", "false")
            .config("spark.sql.warehouse.dir", System.getProperty("java.io.tmpdir") + "/spark-parquet-windowed-totals-warehouse")
            .getOrCreate();
    try {
      if (options.getGenerate() > 0) {
        generate(spark, options.getInput(), options.getGenerate());
      }
      PipelineResult.State state = run(spark, options);
      System.out.println("Pipeline ended " + state + "; totals in " + options.getOutput() + "*");
    } finally {
      spark.stop();
    }
  }

  /** Purchases over one hour from 2026-12-07T00:00Z, 50 users, amounts up to 100.00. */
  static void generate(SparkSession spark, String path, long rows) {
    spark
        .range(rows)
        .selectExpr(
            "concat('user-', CAST(id % 50 AS STRING)) AS user",
            "CAST((id * 7919) % 10000 AS BIGINT) AS cents",
            "timestamp_seconds(1796601600 + (id * 104729) % 3600) AS time")
        .write()
        .mode("overwrite")
        .parquet(path);
  }

  static PipelineResult.State run(SparkSession spark, Options options) {
    Pipeline pipeline = Pipeline.create(options);
    pipeline
        .apply("ReadPurchases", SparkSource.read(spark.read().parquet(options.getInput())))
        .apply("EventTime", WithTimestamps.of((Row r) -> new Instant(r.getLogicalTypeValue("time", java.time.Instant.class).toEpochMilli())))
        .apply("ByMinute", Window.into(FixedWindows.of(Duration.standardSeconds(options.getWindowSeconds()))))
        .apply(
            "UserCents",
            MapElements.into(TypeDescriptors.kvs(TypeDescriptors.strings(), TypeDescriptors.longs()))
                .via((Row r) -> KV.of(r.getString("user"), r.getInt64("cents"))))
        .apply("Total", Sum.longsPerKey())
        .apply("Format", ParDo.of(new FormatTotal()))
        .apply("Write", TextIO.write().to(options.getOutput()).withoutSharding());
    return pipeline.run().waitUntilFinish();
  }

  /** "window start, user, total" */
  static final class FormatTotal extends DoFn<KV<String, Long>, String> {
    private static final long serialVersionUID = 1L;

    @ProcessElement
    public void process(@Element KV<String, Long> total, BoundedWindow window, OutputReceiver<String> out) {
      out.output(((IntervalWindow) window).start() + "," + total.getKey() + "," + total.getValue());
    }
  }

  /** For tests: the lines a run wrote, sorted. */
  static List<String> sorted(List<String> lines) {
    List<String> copy = new ArrayList<>(lines);
    copy.sort(null);
    return copy;
  }
}
