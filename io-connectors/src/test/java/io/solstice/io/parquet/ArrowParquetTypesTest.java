package io.solstice.io.parquet;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.solstice.runner.testing.Causes;
import io.solstice.runner.testing.DifferentialRun;
import io.solstice.runner.testing.LinesSink;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.TimeStampMicroTZVector;
import org.apache.arrow.vector.TimeStampMilliVector;
import org.apache.arrow.vector.TimeStampNanoTZVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.UInt4Vector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.Schema.FieldType;
import org.apache.beam.sdk.schemas.logicaltypes.NanosInstant;
import org.apache.beam.sdk.schemas.logicaltypes.SqlTypes;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Arrow types no Avro-written file has (narrow integers, decimals, timestamps of every unit, with
 * and without a time zone), written by Arrow's own Parquet writer, become their Beam types with
 * their values exact on SolsticeRunner; an unsigned column is refused naming it.
 */
public class ArrowParquetTypesTest {
  private static final int ROWS = 4;
  private static final long NANOS = 1_700_000_000_123_456_789L;

  @Rule public TemporaryFolder folder = new TemporaryFolder();

  private static Field nullable(String name, ArrowType type) {
    return Field.nullable(name, type);
  }

  private Path writeTypes() throws Exception {
    org.apache.arrow.vector.types.pojo.Schema schema =
        new org.apache.arrow.vector.types.pojo.Schema(List.of(
            nullable("tiny", new ArrowType.Int(8, true)),
            nullable("small", new ArrowType.Int(16, true)),
            nullable("price", new ArrowType.Decimal(20, 4, 128)),
            nullable("at_micros", new ArrowType.Timestamp(TimeUnit.MICROSECOND, "UTC")),
            nullable("at_nanos", new ArrowType.Timestamp(TimeUnit.NANOSECOND, "Europe/Paris")),
            nullable("local_millis", new ArrowType.Timestamp(TimeUnit.MILLISECOND, null)),
            nullable("label", new ArrowType.Utf8()),
            nullable("day", new ArrowType.Date(DateUnit.DAY)),
            Field.notNullable("n", new ArrowType.Int(64, true))));
    Path directory = folder.newFolder("types").toPath();
    ArrowFileWriter.write(directory, "types", schema, root -> {
      for (int i = 0; i < ROWS; i++) {
        ((BigIntVector) root.getVector("n")).set(i, i);
        if (i == ROWS - 1) {
          continue; // the last row: every nullable column null
        }
        ((TinyIntVector) root.getVector("tiny")).set(i, (byte) (-100 + i));
        ((SmallIntVector) root.getVector("small")).set(i, (short) (30_000 + i));
        ((DecimalVector) root.getVector("price")).set(i, new BigDecimal("1234567890123456.7891").add(BigDecimal.valueOf(i)));
        ((TimeStampMicroTZVector) root.getVector("at_micros")).set(i, NANOS / 1_000 + i);
        ((TimeStampNanoTZVector) root.getVector("at_nanos")).set(i, NANOS + i);
        ((TimeStampMilliVector) root.getVector("local_millis")).set(i, NANOS / 1_000_000 + i);
        ((VarCharVector) root.getVector("label")).setSafe(i, ("é" + i).getBytes(StandardCharsets.UTF_8));
        ((DateDayVector) root.getVector("day")).set(i, 19_000 + i);
      }
      root.setRowCount(ROWS);
    });
    return directory;
  }

  @Test
  public void everyTypeBecomesItsBeamTypeWithExactValues() throws Exception {
    String glob = writeTypes() + "/*.parquet";
    Pipeline pipeline = Pipeline.create(
        PipelineOptionsFactory.fromArgs("--runner=SolsticeRunner", "--parallelism=2").withoutStrictParsing().create());
    PCollection<Row> rows = pipeline.apply(ArrowParquetIO.read(glob));
    Schema schema = rows.getSchema();
    assertEquals(FieldType.BYTE.withNullable(true), schema.getField("tiny").getType());
    assertEquals(FieldType.INT16.withNullable(true), schema.getField("small").getType());
    assertEquals(FieldType.DECIMAL.withNullable(true), schema.getField("price").getType());
    assertEquals(SqlTypes.TIMESTAMP.getIdentifier(), schema.getField("at_micros").getType().getLogicalType().getIdentifier());
    assertEquals(NanosInstant.IDENTIFIER, schema.getField("at_nanos").getType().getLogicalType().getIdentifier());
    assertEquals(SqlTypes.DATETIME.getIdentifier(), schema.getField("local_millis").getType().getLogicalType().getIdentifier());
    assertEquals(SqlTypes.DATE.getIdentifier(), schema.getField("day").getType().getLogicalType().getIdentifier());
    assertEquals(FieldType.INT64, schema.getField("n").getType());

    Path out = folder.newFolder("out").toPath();
    rows.apply(MapElements.into(TypeDescriptors.strings()).via(RowText::of)).apply(ParDo.of(new LinesSink(out)));
    assertEquals(PipelineResult.State.DONE, pipeline.run().waitUntilFinish());

    List<String> expected = new ArrayList<>();
    Instant instant = Instant.ofEpochSecond(NANOS / 1_000_000_000L, NANOS % 1_000_000_000L);
    for (int i = 0; i < ROWS - 1; i++) {
      Row row = Row.withSchema(schema).addValues(
          (byte) (-100 + i), (short) (30_000 + i), new BigDecimal("1234567890123456.7891").add(BigDecimal.valueOf(i)),
          instant.minusNanos(789).plusNanos(1_000L * i), instant.plusNanos(i),
          LocalDateTime.ofInstant(instant.minusNanos(456_789).plusMillis(i), java.time.ZoneOffset.UTC),
          "é" + i, LocalDate.ofEpochDay(19_000 + i), (long) i).build();
      expected.add(RowText.of(row));
    }
    expected.add("(null, null, null, null, null, null, null, null, " + (ROWS - 1) + ")");
    expected.sort(null);
    assertEquals(expected, DifferentialRun.readLines(out));
  }

  private static Pipeline solstice() {
    return Pipeline.create(
        PipelineOptionsFactory.fromArgs("--runner=SolsticeRunner", "--parallelism=2").withoutStrictParsing().create());
  }

  private static Field struct(String name, Field... children) {
    return new Field(name, org.apache.arrow.vector.types.pojo.FieldType.nullable(ArrowType.Struct.INSTANCE), List.of(children));
  }

  /** Rows of ids {@code from..from+count-1}: id, its name, and a struct of a double and its label. */
  private static void fillTrips(VectorSchemaRoot root, int from, int count) {
    StructVector place = (StructVector) root.getVector("place");
    for (int i = 0; i < count; i++) {
      ((BigIntVector) root.getVector("id")).set(i, from + i);
      ((VarCharVector) root.getVector("name")).setSafe(i, ("n" + (from + i)).getBytes(StandardCharsets.UTF_8));
      place.getChild("lat", Float8Vector.class).setSafe(i, (from + i) / 2.0);
      place.getChild("label", VarCharVector.class).setSafe(i, ("p" + (from + i)).getBytes(StandardCharsets.UTF_8));
      place.setIndexDefined(i);
      if (root.getSchema().getFields().stream().anyMatch(field -> field.getName().equals("extra"))) {
        ((IntVector) root.getVector("extra")).set(i, -1);
      }
    }
    root.setRowCount(count);
  }

  /**
   * A second file whose columns, and a struct's fields, come in another order, with a column more:
   * every file is scanned for the first file's columns by name, so its rows read the same.
   */
  @Test
  public void filesOrderingColumnsOtherwiseReadTheSame() throws Exception {
    Path directory = folder.newFolder("ordered").toPath();
    Field id = Field.notNullable("id", new ArrowType.Int(64, true));
    Field name = nullable("name", new ArrowType.Utf8());
    Field lat = nullable("lat", new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE));
    Field label = nullable("label", new ArrowType.Utf8());
    ArrowFileWriter.write(directory, "a", new org.apache.arrow.vector.types.pojo.Schema(
        List.of(id, name, struct("place", lat, label))), root -> fillTrips(root, 0, 50));
    ArrowFileWriter.write(directory, "b", new org.apache.arrow.vector.types.pojo.Schema(
        List.of(nullable("extra", new ArrowType.Int(32, true)), struct("place", label, lat), name, id)),
        root -> fillTrips(root, 50, 50));

    Pipeline pipeline = solstice();
    PCollection<Row> rows = pipeline.apply(ArrowParquetIO.read(directory + "/*.parquet"));
    assertEquals(List.of("id", "name", "place"), rows.getSchema().getFieldNames());
    Path out = folder.newFolder("out").toPath();
    rows.apply(MapElements.into(TypeDescriptors.strings()).via(RowText::of)).apply(ParDo.of(new LinesSink(out)));
    assertEquals(PipelineResult.State.DONE, pipeline.run().waitUntilFinish());
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      expected.add("(" + i + ", n" + i + ", (" + (i / 2.0) + ", p" + i + "))");
    }
    expected.sort(null);
    assertEquals(expected, DifferentialRun.readLines(out));
  }

  /** A date where the first file had an instant: refused before a row is read, naming file and column. */
  @Test
  public void anotherKindOfTimeInALaterFileFailsTheJobNamingIt() throws Exception {
    Path directory = folder.newFolder("times").toPath();
    ArrowFileWriter.write(directory, "a", new org.apache.arrow.vector.types.pojo.Schema(
        List.of(nullable("at", new ArrowType.Timestamp(TimeUnit.MICROSECOND, "UTC")))), root -> {
          ((TimeStampMicroTZVector) root.getVector("at")).set(0, 1L);
          root.setRowCount(1);
        });
    Path later = ArrowFileWriter.write(directory, "b", new org.apache.arrow.vector.types.pojo.Schema(
        List.of(nullable("at", new ArrowType.Date(DateUnit.DAY)))), root -> {
          ((DateDayVector) root.getVector("at")).set(0, 1);
          root.setRowCount(1);
        });
    Pipeline pipeline = solstice();
    pipeline.apply(ArrowParquetIO.read(directory + "/*.parquet"));
    RuntimeException failure = assertThrows(RuntimeException.class, () -> pipeline.run().waitUntilFinish());
    String messages = Causes.describe(failure);
    assertTrue(messages, messages.contains(later.toString() + ": column 'at' is"));
  }

  @Test
  public void anUnsignedColumnIsRefusedNamingIt() throws Exception {
    Path directory = folder.newFolder("unsigned").toPath();
    org.apache.arrow.vector.types.pojo.Schema schema = new org.apache.arrow.vector.types.pojo.Schema(List.of(
        nullable("id", new ArrowType.Int(64, true)),
        nullable("hits", new ArrowType.Int(32, false)),
        nullable("score", new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE))));
    ArrowFileWriter.write(directory, "u", schema, root -> {
      ((BigIntVector) root.getVector("id")).set(0, 1);
      ((UInt4Vector) root.getVector("hits")).set(0, 2);
      root.setRowCount(1);
    });
    String glob = directory + "/*.parquet";
    Pipeline pipeline = Pipeline.create(PipelineOptionsFactory.create());
    IllegalArgumentException refused =
        assertThrows(IllegalArgumentException.class, () -> pipeline.apply(ArrowParquetIO.read(glob)));
    assertTrue(refused.getMessage(), refused.getMessage().contains("Column 'hits'"));
    assertEquals(List.of("id", "score"),
        pipeline.apply(ArrowParquetIO.read(glob).withColumns("id", "score")).getSchema().getFieldNames());
  }
}
