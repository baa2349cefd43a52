package io.solstice.spark;

import io.solstice.io.arrow.ArrowBatchToRows;
import io.solstice.io.arrow.ArrowRowDecoder;
import io.solstice.translation.api.ElementDecoder;
import io.solstice.translation.api.ExternalSplitSource;
import io.solstice.translation.api.SplitSink;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;
import org.apache.spark.sql.Dataset;

/**
 * Reads a Spark DataFrame as a {@code PCollection<Row>}, its Beam schema derived from Spark's:
 *
 * <pre>{@code
 * PCollection<Row> rows = pipeline.apply(SparkSource.read(spark.read().parquet(path)));
 * }</pre>
 *
 * <p>On SolsticeRunner, Spark's own tasks encode each partition as Arrow record batches and write
 * them straight onto the first stage's queue (blocking while it is full), and the stage's workers
 * turn them into rows: the rows never pass through the driver. On any other runner it is a bounded
 * source of one shard per Spark partition. Either way the pipeline must run in the JVM whose Spark
 * session made the DataFrame.
 */
public final class SparkSource {
  /** Spark's Arrow default is 10,000 rows a batch; larger batches cost less per row downstream. */
  static final int DEFAULT_MAX_BATCH_ROWS = 65_536;

  static final long DEFAULT_MAX_BATCH_BYTES = 2L << 20;

  private SparkSource() {}

  /**
   * @throws IllegalArgumentException naming the first column whose Spark type has no Beam counterpart
   */
  public static Read read(Dataset<org.apache.spark.sql.Row> dataFrame) {
    return new Read(dataFrame, DEFAULT_MAX_BATCH_ROWS, DEFAULT_MAX_BATCH_BYTES);
  }

  /**
   * The transform. SolsticeRunner does not expand it: its driver runs {@link #produce} and the
   * reading stage decodes the batches. Other runners read its expansion.
   */
  public static final class Read extends PTransform<PBegin, PCollection<Row>> implements ExternalSplitSource {
    private static final long serialVersionUID = 1L;
    private static final String SESSION_TIME_ZONE = "spark.sql.session.timeZone";

    /** Only in the JVM that built the pipeline, as Spark's DataFrames are. */
    private final transient Dataset<org.apache.spark.sql.Row> dataFrame;
    private final Schema schema;
    private final ArrowBatchEncoder encoder;

    private Read(Dataset<org.apache.spark.sql.Row> dataFrame, int maxBatchRows, long maxBatchBytes) {
      if (dataFrame == null) {
        throw new IllegalArgumentException("SparkSource.read needs a DataFrame, not null");
      }
      this.dataFrame = dataFrame;
      this.schema = SparkSchemas.toBeam(dataFrame.schema());
      String timeZone = dataFrame.sparkSession().conf().get(SESSION_TIME_ZONE);
      this.encoder = new ArrowBatchEncoder(dataFrame.schema(), timeZone, maxBatchRows, maxBatchBytes);
    }

    /** At most this many rows in one Arrow batch (one split on SolsticeRunner); 65,536 by default. */
    public Read withMaxBatchRows(int rows) {
      if (rows < 1) {
        throw new IllegalArgumentException("SparkSource: withMaxBatchRows must be at least 1, not " + rows);
      }
      return new Read(dataFrame, rows, encoder.maxBytes());
    }

    /**
     * A batch ends once its Arrow buffers pass this size (measured at each power of two of rows up to
     * 1,024, then every 1,024 rows); 2 MiB by default.
     */
    public Read withMaxBatchBytes(long bytes) {
      if (bytes < 1024) {
        throw new IllegalArgumentException("SparkSource: withMaxBatchBytes must be at least 1024, not " + bytes);
      }
      return new Read(dataFrame, encoder.maxRows(), bytes);
    }

    /**
     * The expansion other runners read. SolsticeRunner translates this transform whole (see {@link
     * #produce}) and never reads it, but Beam expands every transform when it is applied.
     */
    @Override
    public PCollection<Row> expand(PBegin input) {
      return input
          .apply("ArrowBatches", org.apache.beam.sdk.io.Read.from(new SparkArrowBatchSource(SparkViews.register(dataFrame), encoder)))
          .apply("ToRows", ParDo.of(new ArrowBatchToRows(schema)))
          .setRowSchema(schema);
    }

    @Override
    public void produce(SplitSink sink) throws InterruptedException {
      if (dataFrame == null) {
        throw new IllegalStateException(
            "SparkSource's DataFrame is not in this JVM: run the pipeline in the JVM that made the DataFrame");
      }
      SparkArrowJob.writeAll(dataFrame, encoder, sink, getName());
    }

    @Override
    public ElementDecoder<Row> decoder() {
      return new ArrowRowDecoder(schema);
    }
  }
}
