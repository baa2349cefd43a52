package io.solstice.spark;

import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.Schema.FieldType;
import org.apache.beam.sdk.schemas.logicaltypes.SqlTypes;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.ShortType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.TimestampNTZType;
import org.apache.spark.sql.types.TimestampType;

/**
 * A Spark schema as a Beam schema. Timestamps (instants) keep their moment to the microsecond;
 * timestamps without a time zone stay local date-times; nullability follows Spark's.
 */
final class SparkSchemas {
  private SparkSchemas() {}

  /** @throws IllegalArgumentException naming the first column whose type has no Beam counterpart */
  static Schema toBeam(StructType struct) {
    return toBeam(struct, "");
  }

  private static Schema toBeam(StructType struct, String prefix) {
    Schema.Builder builder = Schema.builder();
    for (StructField field : struct.fields()) {
      String path = prefix + field.name();
      builder.addField(field.name(), fieldType(field.dataType(), path).withNullable(field.nullable()));
    }
    return builder.build();
  }

  private static FieldType fieldType(DataType type, String path) {
    if (type instanceof ByteType) {
      return FieldType.BYTE;
    } else if (type instanceof ShortType) {
      return FieldType.INT16;
    } else if (type instanceof IntegerType) {
      return FieldType.INT32;
    } else if (type instanceof LongType) {
      return FieldType.INT64;
    } else if (type instanceof FloatType) {
      return FieldType.FLOAT;
    } else if (type instanceof DoubleType) {
      return FieldType.DOUBLE;
    } else if (type instanceof DecimalType) {
      return FieldType.DECIMAL;
    } else if (type instanceof StringType) {
      return FieldType.STRING;
    } else if (type instanceof BinaryType) {
      return FieldType.BYTES;
    } else if (type instanceof BooleanType) {
      return FieldType.BOOLEAN;
    } else if (type instanceof DateType) {
      return FieldType.logicalType(SqlTypes.DATE);
    } else if (type instanceof TimestampType) {
      return FieldType.logicalType(SqlTypes.TIMESTAMP);
    } else if (type instanceof TimestampNTZType) {
      return FieldType.logicalType(SqlTypes.DATETIME);
    } else if (type instanceof ArrayType) {
      ArrayType array = (ArrayType) type;
      return FieldType.array(fieldType(array.elementType(), path + "[]").withNullable(array.containsNull()));
    } else if (type instanceof MapType) {
      MapType map = (MapType) type;
      return FieldType.map(
          fieldType(map.keyType(), path + ".key"),
          fieldType(map.valueType(), path + ".value").withNullable(map.valueContainsNull()));
    } else if (type instanceof StructType) {
      return FieldType.row(toBeam((StructType) type, path + "."));
    }
    throw new IllegalArgumentException(
        "SparkSource cannot read column '" + path + "': its Spark type " + type.simpleString() + " has no Beam"
            + " counterpart. Cast it (to a string, say) or drop it before reading the DataFrame.");
  }
}
