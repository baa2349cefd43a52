package io.solstice.nexmark.parquet;

import io.solstice.io.parquet.ArrowParquetIO;
import io.solstice.nexmark.JobCounters;
import java.util.Arrays;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.extensions.avro.coders.AvroCoder;
import org.apache.beam.sdk.extensions.avro.schemas.utils.AvroUtils;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.io.GenerateSequence;
import org.apache.beam.sdk.io.parquet.ParquetIO;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * The Parquet read benchmark's job: Parquet files of (id long, value double, name string) read as
 * Beam rows, by ArrowParquetIO or by ParquetIO (GenericRecords converted to rows, as a Row pipeline
 * reads them), then a DoFn counting rows and summing ids in Beam counters. Arguments:
 * {@code read <arrow|parquetio> <glob> <rows> <runner arguments...>}, or {@code generate <directory>
 * <rows> <files> <runner arguments...>} to write the files with ParquetIO. A read prints {@code
 * RESULT <reader> <seconds> <rows> <id sum>} and exits 0 when rows and sum are those of ids 0..rows-1.
 */
public final class ParquetReadRun {
  static final Schema SCHEMA =
      Schema.builder().addInt64Field("id").addDoubleField("value").addStringField("name").build();
  static final org.apache.avro.Schema AVRO = AvroUtils.toAvroSchema(SCHEMA);

  private ParquetReadRun() {}

  public static void main(String[] args) {
    String[] runnerArgs = Arrays.copyOfRange(args, 4, args.length);
    Pipeline pipeline = Pipeline.create(PipelineOptionsFactory.fromArgs(runnerArgs).create());
    if (args[0].equals("generate")) {
      generate(pipeline, args[1], Long.parseLong(args[2]), Integer.parseInt(args[3]));
      return;
    }
    String reader = args[1];
    long expectedRows = Long.parseLong(args[3]);
    rows(pipeline, reader, args[2]).apply(ParDo.of(new CountRows()));
    long start = System.nanoTime();
    PipelineResult result = pipeline.run();
    PipelineResult.State state = result.waitUntilFinish();
    double seconds = (System.nanoTime() - start) / 1e9;
    long rows = JobCounters.sum(result, "parquet", "rows");
    long idSum = JobCounters.sum(result, "parquet", "idSum");
    // One write, so that no log line of another thread lands inside it.
    System.out.println(String.format("RESULT %s %.3f %d %d %s", reader, seconds, rows, idSum, state));
    boolean exact = rows == expectedRows && idSum == expectedRows * (expectedRows - 1) / 2;
    System.exit(state == PipelineResult.State.DONE && exact ? 0 : 1);
  }

  private static PCollection<Row> rows(Pipeline pipeline, String reader, String glob) {
    switch (reader) {
      case "arrow":
        return pipeline.apply(ArrowParquetIO.read(glob));
      case "parquetio":
        return pipeline
            .apply(ParquetIO.read(AVRO).from(glob))
            .apply(MapElements.into(TypeDescriptors.rows()).via(AvroUtils.getGenericRecordToRowFunction(SCHEMA)))
            .setRowSchema(SCHEMA);
      default:
        throw new IllegalArgumentException("reader is arrow or parquetio, not " + reader);
    }
  }

  private static void generate(Pipeline pipeline, String directory, long rows, int files) {
    pipeline
        .apply(GenerateSequence.from(0).to(rows))
        .apply(MapElements.into(TypeDescriptor.of(GenericRecord.class)).via((Long id) -> record(id)))
        .setCoder(AvroCoder.of(GenericRecord.class, AVRO))
        .apply(FileIO.<GenericRecord>write().via(ParquetIO.sink(AVRO)).to(directory).withSuffix(".parquet").withNumShards(files));
    PipelineResult.State state = pipeline.run().waitUntilFinish();
    System.exit(state == PipelineResult.State.DONE ? 0 : 1);
  }

  private static GenericRecord record(long id) {
    GenericRecord record = new org.apache.avro.generic.GenericData.Record(AVRO);
    record.put("id", id);
    record.put("value", id * 0.5);
    record.put("name", "name-" + id);
    return record;
  }


  /** Counts rows and sums their ids (each reader has built the whole row by then). */
  private static final class CountRows extends DoFn<Row, Void> {
    private final Counter rows = Metrics.counter("parquet", "rows");
    private final Counter idSum = Metrics.counter("parquet", "idSum");

    @ProcessElement
    public void process(@Element Row row) {
      rows.inc();
      idSum.inc(row.getInt64("id"));
    }
  }
}
