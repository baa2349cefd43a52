package io.solstice.io.parquet;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.solstice.runner.testing.Causes;
import io.solstice.runner.testing.DifferentialRun;
import io.solstice.runner.testing.LinesSink;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
import org.apache.beam.sdk.schemas.Schema.FieldType;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * ArrowParquetIO on SolsticeRunner and on DirectRunner reads what Beam's ParquetIO writes, the same
 * rows ParquetIO reads back; projections keep the order asked for; bad input fails naming the file
 * or column.
 */
public class ArrowParquetIOTest {
  private static final Schema PLACE =
      Schema.builder().addDoubleField("lat").addNullableField("name", FieldType.STRING).build();
  private static final Schema TRIP =
      Schema.builder()
          .addInt64Field("id")
          .addInt32Field("seats")
          .addFloatField("ratio")
          .addDoubleField("fare")
          .addStringField("city")
          .addByteArrayField("raw")
          .addBooleanField("shared")
          .addNullableField("note", FieldType.STRING)
          .addArrayField("tags", FieldType.STRING)
          .addMapField("counts", FieldType.STRING, FieldType.INT64)
          .addRowField("place", PLACE)
          .build();
  private static final org.apache.avro.Schema AVRO = AvroUtils.toAvroSchema(TRIP);
  private static final int TRIPS = 3_000;

  @Rule public TemporaryFolder folder = new TemporaryFolder();

  private static List<Row> trips() {
    List<Row> trips = new ArrayList<>();
    for (long id = 0; id < TRIPS; id++) {
      int n = (int) id;
      trips.add(
          Row.withSchema(TRIP)
              .addValues(id, n % 5, n * 0.5f, id * 0.25, "city" + id % 7, new byte[] {(byte) n, 7}, id % 3 == 0)
              .addValue(id % 4 == 0 ? null : "n" + id)
              .addValues(List.of("t" + n % 3, "u"), Map.of("a", id, "b", -id))
              .addValue(Row.withSchema(PLACE).addValues(n / 10.0, n % 6 == 0 ? null : "p" + n).build())
              .build());
    }
    return trips;
  }

  private static Pipeline pipeline(String runner) {
    return Pipeline.create(
        PipelineOptionsFactory.fromArgs("--runner=" + runner, "--parallelism=2").withoutStrictParsing().create());
  }

  /**
   * ParquetIO's own files: five (DirectRunner splits them into several shards; SolsticeRunner's
   * shards are at least 1 MiB, so it reads these small ones as one).
   */
  private Path writeTrips() throws Exception {
    Path directory = folder.newFolder("trips").toPath();
    Pipeline pipeline = pipeline("DirectRunner");
    pipeline
        .apply(Create.of(trips()).withRowSchema(TRIP))
        .apply(MapElements.into(TypeDescriptor.of(GenericRecord.class)).via(AvroUtils.getRowToGenericRecordFunction(AVRO)))
        .setCoder(AvroCoder.of(GenericRecord.class, AVRO))
        .apply(FileIO.<GenericRecord>write().via(ParquetIO.sink(AVRO)).to(directory.toString()).withSuffix(".parquet").withNumShards(5));
    assertEquals(PipelineResult.State.DONE, pipeline.run().waitUntilFinish());
    return directory;
  }

  private List<String> readLines(Pipeline pipeline, PCollection<Row> rows) throws Exception {
    Path out = folder.newFolder().toPath();
    rows.apply(MapElements.into(TypeDescriptors.strings()).via(RowText::of)).apply(ParDo.of(new LinesSink(out)));
    assertEquals(PipelineResult.State.DONE, pipeline.run().waitUntilFinish());
    return DifferentialRun.readLines(out);
  }

  private List<String> readWithArrow(String runner, ArrowParquetIO.Read read) throws Exception {
    Pipeline pipeline = pipeline(runner);
    return readLines(pipeline, pipeline.apply(read));
  }

  private static List<String> expected(java.util.function.Function<Row, Row> view) {
    List<String> lines = new ArrayList<>();
    trips().forEach(trip -> lines.add(RowText.of(view.apply(trip))));
    lines.sort(null);
    return lines;
  }

  @Test
  public void readsTheRowsParquetIoWroteAsParquetIoReadsThem() throws Exception {
    String glob = writeTrips() + "/*.parquet";

    Pipeline parquetIo = pipeline("DirectRunner");
    List<String> byParquetIo =
        readLines(
            parquetIo,
            parquetIo
                .apply(ParquetIO.read(AVRO).from(glob))
                .apply(MapElements.into(TypeDescriptors.rows()).via(AvroUtils.getGenericRecordToRowFunction(TRIP)))
                .setRowSchema(TRIP));
    assertEquals(expected(trip -> trip), byParquetIo);
    assertEquals(byParquetIo, readWithArrow("DirectRunner", ArrowParquetIO.read(glob)));
    assertEquals(byParquetIo, readWithArrow("SolsticeRunner", ArrowParquetIO.read(glob)));
  }

  @Test
  public void theSchemaComesFromTheFilesAndAProjectionKeepsItsOrder() throws Exception {
    String glob = writeTrips() + "/*.parquet";
    Pipeline pipeline = pipeline("SolsticeRunner");
    PCollection<Row> rows = pipeline.apply(ArrowParquetIO.read(glob).withColumns("note", "place", "id").withBatchRows(100));
    Schema schema = rows.getSchema();
    assertEquals(List.of("note", "place", "id"), schema.getFieldNames());
    assertEquals(FieldType.STRING.withNullable(true), schema.getField("note").getType());
    assertEquals(FieldType.INT64, schema.getField("id").getType());
    assertEquals(PLACE.getFieldNames(), schema.getField("place").getType().getRowSchema().getFieldNames());
    assertEquals(
        expected(trip -> Row.withSchema(schema).addValues(trip.getValue("note"), trip.getValue("place"), trip.getValue("id")).build()),
        readLines(pipeline, rows));
  }

  @Test
  public void aPatternMatchingNothingOrAMissingColumnIsRefusedWhenThePipelineIsBuilt() throws Exception {
    String glob = writeTrips() + "/*.parquet";
    IllegalArgumentException none = assertThrows(
        IllegalArgumentException.class, () -> pipeline("SolsticeRunner").apply(ArrowParquetIO.read(glob + ".missing")));
    assertTrue(none.getMessage(), none.getMessage().contains("no file matches " + glob + ".missing"));
    IllegalArgumentException column = assertThrows(
        IllegalArgumentException.class,
        () -> pipeline("SolsticeRunner").apply(ArrowParquetIO.read(glob).withColumns("id", "driver")));
    assertTrue(column.getMessage(), column.getMessage().contains("no column 'driver'"));
    assertTrue(column.getMessage(), column.getMessage().contains("seats"));
  }

  @Test
  public void aFileThatIsNotParquetFailsTheJobNamingItAndFinalizesNothing() throws Exception {
    Path input = writeTrips();
    Path broken = Files.writeString(input.resolve("zz-broken.parquet"), "not parquet at all");
    assertFailsNaming(input + "/*.parquet", broken.toString(), "as Parquet");
  }

  @Test
  public void aFileOfAnotherSchemaFailsTheJobNamingItAndTheColumn() throws Exception {
    Path input = writeTrips();
    Schema other = Schema.builder().addStringField("id").build();
    org.apache.avro.Schema otherAvro = AvroUtils.toAvroSchema(other);
    Path odd = folder.newFolder("odd").toPath();
    Pipeline pipeline = pipeline("DirectRunner");
    pipeline
        .apply(Create.of(Row.withSchema(other).addValue("x").build()).withRowSchema(other))
        .apply(MapElements.into(TypeDescriptor.of(GenericRecord.class)).via(AvroUtils.getRowToGenericRecordFunction(otherAvro)))
        .setCoder(AvroCoder.of(GenericRecord.class, otherAvro))
        .apply(FileIO.<GenericRecord>write().via(ParquetIO.sink(otherAvro)).to(odd.toString()).withSuffix(".parquet").withNumShards(1));
    assertEquals(PipelineResult.State.DONE, pipeline.run().waitUntilFinish());
    Path moved = Files.move(Files.list(odd).filter(f -> f.toString().endsWith(".parquet")).findFirst().orElseThrow(),
        input.resolve("zz-other.parquet"));
    assertFailsNaming(input + "/*.parquet", moved.toString(), "column 'id'");
  }

  private void assertFailsNaming(String glob, String file, String what) throws Exception {
    Path output = folder.newFolder("output").toPath();
    Pipeline pipeline = pipeline("SolsticeRunner");
    pipeline
        .apply(ArrowParquetIO.read(glob).withColumns("id"))
        .apply(MapElements.into(TypeDescriptors.strings()).via(RowText::of))
        .apply(TextIO.write().to(output.resolve("trips").toString()));
    RuntimeException failure = assertThrows(RuntimeException.class, () -> pipeline.run().waitUntilFinish());
    String messages = Causes.describe(failure);
    assertTrue(messages, messages.contains(file));
    assertTrue(messages, messages.contains(what));
    try (java.util.stream.Stream<Path> files = Files.list(output)) {
      assertEquals("no output file finalized", List.of(), files.filter(f -> f.getFileName().toString().startsWith("trips")).toList());
    }
  }
}
