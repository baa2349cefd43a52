package io.solstice.io.files;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.solstice.engine.checkpoint.S3ProxyServer;
import io.solstice.runner.testing.Causes;
import io.solstice.runner.testing.DifferentialRun;
import io.solstice.runner.testing.LinesSink;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.extensions.avro.coders.AvroCoder;
import org.apache.beam.sdk.extensions.avro.schemas.utils.AvroUtils;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.io.TextIO;
import org.apache.beam.sdk.io.parquet.ParquetIO;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.ClassRule;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Beam's ParquetIO on SolsticeRunner: Beam {@code Row}s written as Parquet files and read back,
 * on local files and on S3 (s3proxy in this JVM, through Beam's S3 file system), the same as on
 * DirectRunner; a file that is not Parquet fails the job, and no output is finalized.
 */
public class ParquetIoTest {
  private static final Schema TRIP =
      Schema.builder()
          .addInt64Field("id")
          .addStringField("city")
          .addDoubleField("fare")
          .addBooleanField("shared")
          .addNullableField("note", Schema.FieldType.STRING)
          .build();
  private static final org.apache.avro.Schema AVRO = AvroUtils.toAvroSchema(TRIP);

  @ClassRule public static S3ProxyServer s3 = new S3ProxyServer();
  @Rule public TemporaryFolder folder = new TemporaryFolder();

  private static List<Row> trips() {
    List<Row> trips = new ArrayList<>();
    for (long id = 0; id < 2_000; id++) {
      trips.add(Row.withSchema(TRIP).addValues(id, "city" + id % 7, id * 0.25, id % 3 == 0, id % 4 == 0 ? null : "n" + id).build());
    }
    return trips;
  }

  private static Pipeline pipeline(String runner) {
    List<String> args = new ArrayList<>(S3FileSystemTest.awsArgs(s3.endpoint()));
    args.add("--runner=" + runner);
    args.add("--parallelism=2");
    return Pipeline.create(PipelineOptionsFactory.fromArgs(args.toArray(new String[0])).withoutStrictParsing().create());
  }

  private static void write(String runner, String directory) {
    Pipeline pipeline = pipeline(runner);
    pipeline
        .apply(Create.of(trips()).withRowSchema(TRIP))
        .apply(MapElements.into(TypeDescriptor.of(GenericRecord.class)).via(AvroUtils.getRowToGenericRecordFunction(AVRO)))
        .setCoder(AvroCoder.of(GenericRecord.class, AVRO))
        .apply(FileIO.<GenericRecord>write().via(ParquetIO.sink(AVRO)).to(directory).withSuffix(".parquet").withNumShards(3));
    assertEquals(PipelineResult.State.DONE, pipeline.run().waitUntilFinish());
  }

  /** Reads {@code glob} with {@code schema} on {@code runner}, each record's values as a line. */
  private List<String> read(String runner, String glob, org.apache.avro.Schema schema) throws Exception {
    Path out = folder.newFolder().toPath();
    Pipeline pipeline = pipeline(runner);
    pipeline
        .apply(ParquetIO.read(schema).from(glob))
        .apply(MapElements.into(TypeDescriptors.strings()).via((GenericRecord record) -> record.toString()))
        .apply(ParDo.of(new LinesSink(out)));
    assertEquals(PipelineResult.State.DONE, pipeline.run().waitUntilFinish());
    return DifferentialRun.readLines(out);
  }

  private void roundTrip(String base) throws Exception {
    List<List<String>> read = new ArrayList<>();
    for (String runner : List.of("DirectRunner", "SolsticeRunner")) {
      String directory = base + runner + "/";
      write(runner, directory);
      read.add(read(runner, directory + "*.parquet", AVRO));
    }
    List<String> expected = new ArrayList<>();
    for (Row trip : trips()) {
      expected.add(AvroUtils.toGenericRecord(trip, AVRO).toString());
    }
    expected.sort(null);
    assertEquals(expected, read.get(0));
    assertEquals(read.get(0), read.get(1));
  }

  @Test
  public void rowsRoundTripThroughParquetFiles() throws Exception {
    roundTrip(folder.newFolder("local").toPath().toString() + "/");
  }

  @Test
  public void rowsRoundTripThroughParquetOnS3() throws Exception {
    roundTrip("s3://" + S3ProxyServer.BUCKET + "/parquet/");
  }

  @Test
  public void aFileThatIsNotParquetFailsTheJobAndFinalizesNothing() throws Exception {
    Path input = folder.newFolder("input").toPath();
    write("SolsticeRunner", input + "/");
    java.nio.file.Files.writeString(input.resolve("broken.parquet"), "not parquet at all");
    Path output = folder.newFolder("output").toPath();
    Pipeline pipeline = pipeline("SolsticeRunner");
    pipeline
        .apply(ParquetIO.read(AVRO).from(input + "/*.parquet"))
        .apply(MapElements.into(TypeDescriptors.strings()).via((GenericRecord record) -> record.toString()))
        .apply(TextIO.write().to(output.resolve("trips").toString()));
    RuntimeException failure = assertThrows(RuntimeException.class, () -> pipeline.run().waitUntilFinish());
    String messages = Causes.describe(failure);
    // Beam's message says what is wrong but not which file (its input file has no name to give).
    assertTrue(messages, messages.contains("is not a Parquet file"));
    try (java.util.stream.Stream<Path> files = java.nio.file.Files.list(output)) {
      assertEquals("no output file finalized", List.of(), files.filter(f -> f.getFileName().toString().startsWith("trips")).toList());
    }
  }
}
