package io.solstice.spark;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.ClassRule;
import org.junit.Test;

/**
 * Every Spark type SparkSource maps, with nulls at every level, arrives as Spark's own collect()
 * says, on SolsticeRunner (Arrow batches written by Spark's tasks) and on DirectRunner (the
 * fallback source).
 */
public class SparkSourceTypesTest {
  @ClassRule public static final LocalSpark SPARK = new LocalSpark();

  private static Dataset<org.apache.spark.sql.Row> everyType() {
    StructType inner = new StructType().add("z", DataTypes.DoubleType, true);
    StructType struct =
        new StructType().add("x", DataTypes.IntegerType, true).add("y", DataTypes.StringType, true).add("inner", inner, true);
    StructType schema =
        new StructType()
            .add("b", DataTypes.ByteType, true)
            .add("s", DataTypes.ShortType, true)
            .add("i", DataTypes.IntegerType, true)
            .add("l", DataTypes.LongType, false)
            .add("f", DataTypes.FloatType, true)
            .add("d", DataTypes.DoubleType, true)
            .add("dec", DataTypes.createDecimalType(20, 4), true)
            .add("str", DataTypes.StringType, true)
            .add("bin", DataTypes.BinaryType, true)
            .add("bool", DataTypes.BooleanType, true)
            .add("date", DataTypes.DateType, true)
            .add("ts", DataTypes.TimestampType, true)
            .add("tsntz", DataTypes.TimestampNTZType, true)
            .add("arr", DataTypes.createArrayType(DataTypes.IntegerType, true), true)
            .add("m", DataTypes.createMapType(DataTypes.StringType, DataTypes.LongType, true), true)
            .add("st", struct, true)
            .add("rows", DataTypes.createArrayType(new StructType().add("k", DataTypes.StringType, true), true), true);
    Map<String, Long> map = new LinkedHashMap<>();
    map.put("one", 1L);
    map.put("none", null);
    List<org.apache.spark.sql.Row> rows =
        List.of(
            RowFactory.create(
                (byte) -7, (short) 300, 70_000, Long.MAX_VALUE, 1.5f, -2.25, new BigDecimal("12345678.9012"),
                "héllo, wörld", "bytes".getBytes(StandardCharsets.UTF_8), true, LocalDate.of(1969, 12, 31),
                Instant.parse("1969-12-31T23:59:59.999999Z"), LocalDateTime.of(2026, 3, 8, 2, 30, 0, 123_456_000),
                Arrays.asList(1, null, 3), map, RowFactory.create(5, null, RowFactory.create(0.5)),
                Arrays.asList(RowFactory.create("a"), null, RowFactory.create((Object) null))),
            RowFactory.create(
                null, null, null, 0L, null, null, null, null, null, null, null, null, null, null, null, null, null),
            RowFactory.create(
                Byte.MIN_VALUE, Short.MIN_VALUE, Integer.MIN_VALUE, Long.MIN_VALUE, Float.MAX_VALUE, Double.MIN_VALUE,
                new BigDecimal("-0.0001"), "", new byte[0], false, LocalDate.of(2026, 12, 7),
                Instant.parse("2026-12-07T08:00:00.000001Z"), LocalDateTime.of(1900, 1, 1, 0, 0),
                List.of(), Map.of(), RowFactory.create(null, "y", null), List.of()));
    return SPARK.session().createDataFrame(rows, schema).repartition(2);
  }

  private static void assertRoundTrip(String... args) {
    Dataset<org.apache.spark.sql.Row> dataFrame = everyType();
    Pipeline pipeline = Pipeline.create(PipelineOptionsFactory.fromArgs(args).create());
    PCollection<Row> rows = pipeline.apply(SparkSource.read(dataFrame));
    Schema schema = rows.getSchema();
    PAssert.that(rows).containsInAnyOrder(SparkRowsToBeam.convert(schema, dataFrame.collectAsList()));
    assertEquals(PipelineResult.State.DONE, pipeline.run().waitUntilFinish());
  }

  @Test
  public void everyTypeOnSolstice() {
    assertRoundTrip("--runner=TestSolsticeRunner", "--parallelism=2");
  }

  @Test
  public void everyTypeOnTheKafkaTransport() {
    assertRoundTrip("--runner=TestSolsticeRunner", "--parallelism=2", "--solsticeTransport=kafka",
        "--kafkaBootstrapServers=embedded");
  }

  @Test
  public void everyTypeOnDirectRunner() {
    assertRoundTrip("--runner=DirectRunner");
  }

  @Test
  public void schemaFollowsSpark() {
    Pipeline pipeline = Pipeline.create(PipelineOptionsFactory.fromArgs("--runner=DirectRunner").create());
    Schema schema = pipeline.apply(SparkSource.read(everyType())).getSchema();
    assertEquals(Schema.FieldType.INT64, schema.getField("l").getType());
    assertEquals(Schema.FieldType.BYTE.withNullable(true), schema.getField("b").getType());
    assertEquals("beam:logical_type:micros_instant:v1", schema.getField("ts").getType().getLogicalType().getIdentifier());
    assertEquals(Schema.TypeName.ROW, schema.getField("st").getType().getRowSchema().getField("inner").getType().getTypeName());
  }

  @Test
  public void aColumnWithoutBeamTypeIsNamed() {
    Dataset<org.apache.spark.sql.Row> intervals = SPARK.session().sql("SELECT 1 AS id, named_struct('span', INTERVAL '2' DAY) AS nested");
    Pipeline pipeline = Pipeline.create(PipelineOptionsFactory.fromArgs("--runner=DirectRunner").create());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> pipeline.apply(SparkSource.read(intervals)));
    assertThat(e.getMessage(), containsString("column 'nested.span'"));
    assertThat(e.getMessage(), containsString("interval day"));
  }

  @Test
  public void checkpointsAreRefusedBeforeTheJobStarts() {
    for (String option : List.of("--checkpointingInterval=1000", "--restoreFromCheckpoint=latest")) {
      Pipeline pipeline = Pipeline.create(PipelineOptionsFactory.fromArgs("--runner=SolsticeRunner", option).create());
      pipeline.apply(SparkSource.read(everyType()));
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, pipeline::run);
      assertThat(e.getMessage(), containsString("without " + option.substring(0, option.indexOf('='))));
    }
  }
}
