package io.solstice.io.parquet;

import java.util.Arrays;
import java.util.List;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;

/**
 * Reads Parquet files as a {@code PCollection<Row>} through Arrow's C++ Parquet reader: column pages
 * are decoded into Arrow record batches (no Avro records in between, as ParquetIO has), and rows are
 * built straight from the batches' vectors. The Beam schema is derived from the files' Arrow schema:
 *
 * <pre>{@code
 * PCollection<Row> rows = pipeline.apply(ArrowParquetIO.read("/data/events/*.parquet").withColumns("id", "amount"));
 * }</pre>
 *
 * <p>Works on any runner. Files are matched when the pipeline is built (the first file gives the
 * schema) and again when the job splits its input; each file is read whole by one worker, so a
 * dataset of many files spreads over workers and a single big file does not. Paths must be on a
 * file system the workers see as local files ({@code file://} or a plain path); read {@code s3://}
 * with ParquetIO. Columns of types Beam rows cannot hold are refused when the pipeline is built
 * (see {@link io.solstice.io.arrow.ArrowSchemas}); leave them out with {@link Read#withColumns}.
 * Arrow's memory module needs {@code --add-opens=java.base/java.nio=ALL-UNNAMED}.
 */
public final class ArrowParquetIO {
  /** Rows per Arrow batch the reader asks for: large enough to amortize each JNI call. */
  static final int DEFAULT_BATCH_ROWS = 32_768;

  private ArrowParquetIO() {}

  public static Read read(String filepattern) {
    if (filepattern == null || filepattern.isBlank()) {
      throw new IllegalArgumentException("ArrowParquetIO.read needs a file pattern, not '" + filepattern + "'");
    }
    return new Read(filepattern, List.of(), DEFAULT_BATCH_ROWS);
  }

  /** The transform; its output carries the Beam schema of the columns read. */
  public static final class Read extends PTransform<PBegin, PCollection<Row>> {
    private static final long serialVersionUID = 1L;

    private final String filepattern;
    private final List<String> columns;
    private final int batchRows;

    private Read(String filepattern, List<String> columns, int batchRows) {
      this.filepattern = filepattern;
      this.columns = columns;
      this.batchRows = batchRows;
    }

    /** Reads only these top-level columns, in this order (Parquet skips the others' pages). */
    public Read withColumns(String... names) {
      if (names.length == 0) {
        throw new IllegalArgumentException("ArrowParquetIO: withColumns needs at least one column name");
      }
      return new Read(filepattern, List.copyOf(Arrays.asList(names)), batchRows);
    }

    /** At most this many rows in one Arrow batch; 32,768 by default. */
    public Read withBatchRows(int rows) {
      if (rows < 1) {
        throw new IllegalArgumentException("ArrowParquetIO: withBatchRows must be at least 1, not " + rows);
      }
      return new Read(filepattern, columns, rows);
    }

    @Override
    public PCollection<Row> expand(PBegin input) {
      ParquetColumns expected = ParquetColumns.ofFirstFile(filepattern, columns);
      Schema schema = expected.beamSchema();
      return input
          .apply("ReadParquet", org.apache.beam.sdk.io.Read.from(
              new ArrowParquetSource(filepattern, expected, batchRows, null, null)))
          .setRowSchema(schema);
    }
  }
}
