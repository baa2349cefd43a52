package io.solstice.io.arrow;

import java.util.List;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.Schema.FieldType;
import org.apache.beam.sdk.schemas.logicaltypes.NanosInstant;
import org.apache.beam.sdk.schemas.logicaltypes.SqlTypes;

/**
 * Beam schemas for Arrow schemas, in the Java values {@link ArrowValueReaders} reads. Signed integers,
 * floats and doubles, decimals, strings, binary, booleans, dates, timestamps (with a time zone: an
 * instant, to the nanosecond where the unit is; without: a local date-time), lists, maps and structs,
 * nullable at every level. Anything else is refused, naming the column.
 */
public final class ArrowSchemas {
  private ArrowSchemas() {}

  /** @throws IllegalArgumentException naming the first column whose type has no Beam counterpart */
  public static Schema toBeam(org.apache.arrow.vector.types.pojo.Schema arrow) {
    return rowSchema(arrow.getFields(), "");
  }

  private static Schema rowSchema(List<Field> fields, String parent) {
    Schema.Builder builder = Schema.builder();
    for (Field field : fields) {
      builder.addField(field.getName(), fieldType(field, parent + field.getName()));
    }
    return builder.build();
  }

  private static FieldType fieldType(Field field, String path) {
    return valueType(field, path).withNullable(field.isNullable());
  }

  private static FieldType valueType(Field field, String path) {
    ArrowType type = field.getType();
    switch (type.getTypeID()) {
      case Int:
        return integer((ArrowType.Int) type, path);
      case FloatingPoint:
        return floating((ArrowType.FloatingPoint) type, path);
      case Decimal:
        return FieldType.DECIMAL;
      case Utf8:
      case LargeUtf8:
        return FieldType.STRING;
      case Binary:
      case LargeBinary:
      case FixedSizeBinary:
        return FieldType.BYTES;
      case Bool:
        return FieldType.BOOLEAN;
      case Date:
        if (((ArrowType.Date) type).getUnit() == org.apache.arrow.vector.types.DateUnit.DAY) {
          return FieldType.logicalType(SqlTypes.DATE);
        }
        break;
      case Timestamp:
        return timestamp((ArrowType.Timestamp) type);
      case List:
        return FieldType.array(fieldType(field.getChildren().get(0), path + "[]"));
      case Map:
        List<Field> entry = field.getChildren().get(0).getChildren();
        return FieldType.map(
            fieldType(entry.get(0), path + ".key"), fieldType(entry.get(1), path + ".value"));
      case Struct:
        return FieldType.row(rowSchema(field.getChildren(), path + "."));
      default:
        break;
    }
    throw refused(path, type);
  }

  private static FieldType integer(ArrowType.Int type, String path) {
    if (!type.getIsSigned()) {
      throw refused(path, type);
    }
    switch (type.getBitWidth()) {
      case 8:
        return FieldType.BYTE;
      case 16:
        return FieldType.INT16;
      case 32:
        return FieldType.INT32;
      case 64:
        return FieldType.INT64;
      default:
        throw refused(path, type);
    }
  }

  private static FieldType floating(ArrowType.FloatingPoint type, String path) {
    switch (type.getPrecision()) {
      case SINGLE:
        return FieldType.FLOAT;
      case DOUBLE:
        return FieldType.DOUBLE;
      default:
        throw refused(path, type);
    }
  }

  private static FieldType timestamp(ArrowType.Timestamp type) {
    if (type.getTimezone() == null) {
      return FieldType.logicalType(SqlTypes.DATETIME);
    }
    // Beam's TIMESTAMP keeps microseconds; nanoseconds need Beam's nanosecond instant.
    return type.getUnit() == TimeUnit.NANOSECOND
        ? FieldType.logicalType(new NanosInstant())
        : FieldType.logicalType(SqlTypes.TIMESTAMP);
  }

  private static IllegalArgumentException refused(String path, ArrowType type) {
    return new IllegalArgumentException(
        "Column '" + path + "' has Arrow type " + type + ", which has no Beam schema type here (supported:"
            + " signed integers, floats, doubles, decimals, strings, binary, booleans, dates (days),"
            + " timestamps, lists, maps, structs); leave it out of the columns read or convert it first");
  }
}
