package io.solstice.spark.bench;

import io.solstice.spark.SparkSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.SparkSession;

/**
 * One mode of the Spark bridge benchmark, in this JVM, from a cached DataFrame of long, double and
 * string columns: Spark's own Arrow conversion ({@code toArrowBatchRdd}), SparkSource on
 * SolsticeRunner (rows counted in its first stage), or the naive path (collect to the driver, then
 * {@code Create.of} on SolsticeRunner). Runs the mode {@code --runs} times and prints a RESULT line
 * with the median of the runs after the first (which warms the JIT up), then the JVM's peak
 * resident set size. MB/s is the DataFrame's size as Spark's Arrow batches over that time, the
 * same figure for every mode. examples/spark-bridge-benchmark.sh runs each mode in a JVM of its own.
 */
public final class SparkBridgeBenchmark {
  private static final String COUNTER = "rows";

  private SparkBridgeBenchmark() {}

  public static void main(String[] args) throws Exception {
    String mode = "solstice";
    long rows = 10_000_000L;
    int runs = 2;
    int parallelism = 2;
    for (String arg : args) {
      if (arg.startsWith("--mode=")) {
        mode = arg.substring(7);
      } else if (arg.startsWith("--rows=")) {
        rows = Long.parseLong(arg.substring(7));
      } else if (arg.startsWith("--runs=")) {
        runs = Integer.parseInt(arg.substring(7));
      } else if (arg.startsWith("--parallelism=")) {
        parallelism = Integer.parseInt(arg.substring(14));
      } else {
        throw new IllegalArgumentException("Unknown argument " + arg + " (--mode=spark-arrow|solstice|naive, --rows, --runs, --parallelism)");
      }
    }
    Path warehouse = Files.createTempDirectory("spark-warehouse");
    warehouse.toFile().deleteOnExit();
    SparkSession spark =
        SparkSession.builder()
            .appName("spark-bridge-benchmark")
            .master("local[" + parallelism + "]")
            .config("spark.driver.bindAddress", "127.0.0.1")
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.ui.enabled", "false")
            .config("spark.sql.warehouse.dir", warehouse.toString())
            .getOrCreate();
    Dataset<org.apache.spark.sql.Row> dataFrame =
        spark
            .range(0, rows, 1, parallelism * 4)
            .selectExpr("id", "CAST(id AS DOUBLE) / 3 AS d", "concat('row-', CAST(id AS STRING)) AS s")
            .cache();
    long cached = dataFrame.count();
    long arrowBytes = arrowBytes(dataFrame);
    List<Double> timed = new ArrayList<>();
    for (int run = 1; run <= runs; run++) {
      long start = System.nanoTime();
      long counted = runMode(mode, dataFrame, parallelism);
      double seconds = (System.nanoTime() - start) / 1e9;
      if (counted != cached) {
        throw new IllegalStateException(mode + " counted " + counted + " rows of " + cached);
      }
      System.out.printf("%s run %d: %d rows in %.2f s%n", mode, run, counted, seconds);
      // The first run of several warms the JIT up and is left out.
      if (run > 1 || runs == 1) {
        timed.add(seconds);
      }
    }
    timed.sort(null);
    double median = timed.get(timed.size() / 2);
    System.out.printf(
        "RESULT %s seconds=%.3f rows_per_s=%.0f mb_per_s=%.1f%n", mode, median, cached / median, arrowBytes / 1e6 / median);
    System.out.println("PEAK_RSS_MB " + peakRssMb());
    spark.stop();
    System.exit(0);
  }

  private static long runMode(String mode, Dataset<org.apache.spark.sql.Row> dataFrame, int parallelism) {
    switch (mode) {
      case "spark-arrow":
        return sparkArrow(dataFrame);
      case "solstice":
        return count(pipeline(parallelism), p -> p.apply(SparkSource.read(dataFrame)));
      case "naive":
        return count(pipeline(parallelism), p -> naive(p, dataFrame));
      default:
        throw new IllegalArgumentException("Unknown mode " + mode);
    }
  }

  /** Spark's own conversion of every partition to Arrow batches; rows counted from the batches. */
  private static long sparkArrow(Dataset<org.apache.spark.sql.Row> dataFrame) {
    JavaRDD<byte[]> batches = ((org.apache.spark.sql.classic.Dataset<org.apache.spark.sql.Row>) dataFrame).toArrowBatchRdd().toJavaRDD();
    return batches.map(ArrowRowCount::of).reduce(Long::sum);
  }

  private static long arrowBytes(Dataset<org.apache.spark.sql.Row> dataFrame) {
    JavaRDD<byte[]> batches = ((org.apache.spark.sql.classic.Dataset<org.apache.spark.sql.Row>) dataFrame).toArrowBatchRdd().toJavaRDD();
    return batches.map(b -> (long) b.length).reduce(Long::sum);
  }

  private static PCollection<Row> naive(Pipeline pipeline, Dataset<org.apache.spark.sql.Row> dataFrame) {
    Schema schema = Schema.builder().addInt64Field("id").addDoubleField("d").addStringField("s").build();
    List<Row> rows = new ArrayList<>();
    for (org.apache.spark.sql.Row row : dataFrame.collectAsList()) {
      rows.add(Row.withSchema(schema).addValues(row.getLong(0), row.getDouble(1), row.getString(2)).build());
    }
    return pipeline.apply(Create.of(rows).withRowSchema(schema));
  }

  private static Pipeline pipeline(int parallelism) {
    return Pipeline.create(
        PipelineOptionsFactory.fromArgs("--runner=SolsticeRunner", "--parallelism=" + parallelism).create());
  }

  private interface Source {
    PCollection<Row> apply(Pipeline pipeline);
  }

  private static long count(Pipeline pipeline, Source source) {
    source.apply(pipeline).apply("Count", ParDo.of(new CountRows()));
    PipelineResult result = pipeline.run();
    if (result.waitUntilFinish() != PipelineResult.State.DONE) {
      throw new IllegalStateException("The pipeline ended " + result.getState());
    }
    long total = 0;
    for (MetricResult<Long> counter :
        result.metrics().queryMetrics(MetricsFilter.builder().addNameFilter(MetricNameFilter.named(CountRows.class, COUNTER)).build()).getCounters()) {
      total += counter.getAttempted();
    }
    return total;
  }

  /** Counts rows in the stage that reads them: a bundle's count goes to the counter once. */
  static final class CountRows extends DoFn<Row, Void> {
    private static final long serialVersionUID = 1L;
    private final Counter rows = Metrics.counter(CountRows.class, COUNTER);
    private transient long inBundle;

    @ProcessElement
    public void process(@Element Row row) {
      inBundle++;
    }

    @FinishBundle
    public void finishBundle() {
      rows.inc(inBundle);
      inBundle = 0;
    }
  }

  private static long peakRssMb() throws Exception {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmHWM:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
      }
    }
    return -1;
  }
}
