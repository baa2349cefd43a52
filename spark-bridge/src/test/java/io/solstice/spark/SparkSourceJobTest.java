package io.solstice.spark;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.solstice.runner.testing.Causes;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.types.DataTypes;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;

/** SparkSource jobs on SolsticeRunner: a large DataFrame exactly once, a failing Spark job, cancellation. */
public class SparkSourceJobTest {
  @ClassRule public static final LocalSpark SPARK = new LocalSpark();
  private static SparkSession spark;

  @BeforeClass
  public static void registerFunctions() {
    spark = SPARK.session();
    spark.udf().register("failAt5000", (UDF1<Long, Long>) SparkSourceJobTest::failAt5000, DataTypes.LongType);
  }

  private static Long failAt5000(Long id) {
    if (id == 5_000) {
      throw new IllegalStateException("row 5000 is bad");
    }
    return id;
  }

  @Test
  public void tenMillionRowsArriveExactlyOnce() {
    long rows = 10_000_000L;
    Dataset<org.apache.spark.sql.Row> dataFrame =
        spark.range(0, rows, 1, 8).selectExpr("id", "CAST(id AS DOUBLE) * 0.5 AS d", "CAST(id AS STRING) AS s");
    RowTotals.assertArriveOnce(dataFrame, rows, "--runner=TestSolsticeRunner", "--parallelism=2");
  }

  @Test
  public void aFailingSparkJobFailsTheBeamJobWithSparksCause() {
    Dataset<org.apache.spark.sql.Row> dataFrame = spark.range(0, 10_000, 1, 2).selectExpr("failAt5000(id) AS id");
    Pipeline pipeline =
        Pipeline.create(PipelineOptionsFactory.fromArgs("--runner=TestSolsticeRunner", "--parallelism=2").create());
    pipeline.apply(SparkSource.read(dataFrame));
    RuntimeException e = assertThrows(RuntimeException.class, pipeline::run);
    String causes = Causes.describe(e);
    assertThat(causes, containsString("The Spark job feeding SparkSource"));
    assertThat(causes, containsString("row 5000 is bad"));
  }

  /** Sleeps on each batch: Spark's tasks must wait for room on the queue. */
  static final class SlowBatches extends DoFn<Row, Row> {
    private static final long serialVersionUID = 1L;

    @ProcessElement
    public void process(@Element Row row, OutputReceiver<Row> out) throws InterruptedException {
      if (row.getInt64("id") % 1_000 == 0) {
        Thread.sleep(50);
      }
      out.output(row);
    }
  }

  @Test
  public void backpressureHoldsSparkAndCancellingStopsIt() throws Exception {
    assertBackpressureAndCancel("--runner=SolsticeRunner", "--parallelism=2");
  }

  /** On Kafka, room on a partition is its reader group's commits: Spark's writers wait for them too. */
  @Test
  public void backpressureHoldsSparkOnTheKafkaTransport() throws Exception {
    assertBackpressureAndCancel(
        "--runner=SolsticeRunner", "--parallelism=2", "--solsticeTransport=kafka", "--kafkaBootstrapServers=embedded");
  }

  private static void assertBackpressureAndCancel(String... args) throws Exception {
    // 2,000 batches of 1,000 rows; 32 fit on the queue (2 partitions of 16). Unblocked, Spark writes
    // them in about a second; the slow stage reads one every 50 ms.
    Dataset<org.apache.spark.sql.Row> dataFrame = spark.range(0, 2_000_000, 1, 2).selectExpr("id");
    Pipeline pipeline = Pipeline.create(PipelineOptionsFactory.fromArgs(args).create());
    PCollection<Row> rows = pipeline.apply(SparkSource.read(dataFrame).withMaxBatchRows(1_000));
    rows.apply(ParDo.of(new SlowBatches())).setRowSchema(rows.getSchema());
    PipelineResult result = pipeline.run();
    waitFor(() -> spark.sparkContext().statusTracker().getActiveJobIds().length > 0, "the Spark job to start");
    Thread.sleep(5_000);
    assertTrue(
        "Spark's job still runs after 5 s, held by the queue", spark.sparkContext().statusTracker().getActiveJobIds().length > 0);
    assertEquals(PipelineResult.State.CANCELLED, result.cancel());
    waitFor(() -> spark.sparkContext().statusTracker().getActiveJobIds().length == 0, "the Spark job to be cancelled");
  }

  private interface Condition {
    boolean holds();
  }

  private static void waitFor(Condition condition, String what) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 30_000;
    while (!condition.holds()) {
      if (System.currentTimeMillis() > deadline) {
        throw new AssertionError("Waited 30 s for " + what);
      }
      Thread.sleep(50);
    }
  }
}
