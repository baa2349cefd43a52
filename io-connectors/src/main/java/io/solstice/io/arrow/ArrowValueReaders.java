package io.solstice.io.arrow;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.Decimal256Vector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.LargeVarBinaryVector;
import org.apache.arrow.vector.LargeVarCharVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.FixedSizeBinaryVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.ValueVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.MapVector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.Schema.FieldType;
import org.apache.beam.sdk.schemas.logicaltypes.NanosInstant;
import org.apache.beam.sdk.schemas.logicaltypes.SqlTypes;
import org.apache.beam.sdk.values.Row;

/**
 * Reads Arrow vectors into the Java values Beam rows hold for the column's Beam type (as {@link
 * ArrowSchemas} maps Arrow types, or the Spark bridge maps Spark's). One reader per column and batch;
 * nested columns read their children the same way.
 */
public final class ArrowValueReaders {
  private static final long MICROS_PER_SECOND = 1_000_000L;
  private static final long NANOS_PER_SECOND = 1_000_000_000L;

  private ArrowValueReaders() {}

  /** A column's value at a row, or null. */
  public interface ValueReader {
    Object read(int index);
  }

  public static ValueReader forVector(FieldType type, ValueVector vector) {
    ValueReader present = presentValues(type, vector);
    return index -> vector.isNull(index) ? null : present.read(index);
  }

  /** Readers of a row's columns, in the schema's order. */
  public static ValueReader[] forFields(Schema schema, List<? extends ValueVector> vectors) {
    ValueReader[] readers = new ValueReader[schema.getFieldCount()];
    for (int i = 0; i < readers.length; i++) {
      readers[i] = forVector(schema.getField(i).getType(), vectors.get(i));
    }
    return readers;
  }

  public static Row row(Schema schema, ValueReader[] fields, int index) {
    Object[] values = new Object[fields.length];
    for (int i = 0; i < fields.length; i++) {
      values[i] = fields[i].read(index);
    }
    return Row.withSchema(schema).attachValues(Arrays.asList(values));
  }

  private static ValueReader presentValues(FieldType type, ValueVector vector) {
    switch (type.getTypeName()) {
      case BYTE:
        return ((TinyIntVector) vector)::get;
      case INT16:
        return ((SmallIntVector) vector)::get;
      case INT32:
        return ((IntVector) vector)::get;
      case INT64:
        return ((BigIntVector) vector)::get;
      case FLOAT:
        return ((Float4Vector) vector)::get;
      case DOUBLE:
        return ((Float8Vector) vector)::get;
      case BOOLEAN:
        BitVector bits = (BitVector) vector;
        return index -> bits.get(index) != 0;
      case DECIMAL:
        return vector instanceof Decimal256Vector
            ? ((Decimal256Vector) vector)::getObject
            : ((DecimalVector) vector)::getObject;
      case STRING:
        if (vector instanceof LargeVarCharVector) {
          LargeVarCharVector large = (LargeVarCharVector) vector;
          return index -> new String(large.get(index), StandardCharsets.UTF_8);
        }
        return strings((VarCharVector) vector);
      case BYTES:
        if (vector instanceof FixedSizeBinaryVector) {
          return ((FixedSizeBinaryVector) vector)::get;
        }
        return vector instanceof LargeVarBinaryVector
            ? ((LargeVarBinaryVector) vector)::get
            : ((VarBinaryVector) vector)::get;
      case ARRAY:
        return list(type.getCollectionElementType(), (ListVector) vector);
      case MAP:
        return map(type, (MapVector) vector);
      case ROW:
        return struct(type.getRowSchema(), (StructVector) vector);
      case LOGICAL_TYPE:
        return logical(type, vector);
      default:
        throw new IllegalArgumentException("No Arrow reader for Beam type " + type);
    }
  }

  /** Decodes straight from the vector's buffer through one reused array, not a new one per value. */
  private static ValueReader strings(VarCharVector strings) {
    byte[][] scratch = {new byte[256]};
    return index -> {
      long start = strings.getStartOffset(index);
      int length = strings.getValueLength(index);
      if (scratch[0].length < length) {
        scratch[0] = new byte[Math.max(length, scratch[0].length * 2)];
      }
      strings.getDataBuffer().getBytes(start, scratch[0], 0, length);
      return new String(scratch[0], 0, length, StandardCharsets.UTF_8);
    };
  }

  private static ValueReader logical(FieldType type, ValueVector vector) {
    String id = type.getLogicalType().getIdentifier();
    if (id.equals(SqlTypes.DATE.getIdentifier())) {
      DateDayVector days = (DateDayVector) vector;
      return index -> LocalDate.ofEpochDay(days.get(index));
    } else if (id.equals(SqlTypes.TIMESTAMP.getIdentifier()) || id.equals(NanosInstant.IDENTIFIER)) {
      TimeStampVector stamps = (TimeStampVector) vector;
      TimeUnit unit = unitOf(stamps);
      return index -> instant(stamps.get(index), unit);
    } else if (id.equals(SqlTypes.DATETIME.getIdentifier())) {
      TimeStampVector stamps = (TimeStampVector) vector;
      TimeUnit unit = unitOf(stamps);
      return index -> LocalDateTime.ofInstant(instant(stamps.get(index), unit), ZoneOffset.UTC);
    }
    throw new IllegalArgumentException("No Arrow reader for Beam logical type " + id);
  }

  private static TimeUnit unitOf(TimeStampVector stamps) {
    return ((ArrowType.Timestamp) stamps.getField().getType()).getUnit();
  }

  private static Instant instant(long value, TimeUnit unit) {
    switch (unit) {
      case SECOND:
        return Instant.ofEpochSecond(value);
      case MILLISECOND:
        return Instant.ofEpochMilli(value);
      case MICROSECOND:
        return Instant.ofEpochSecond(
            Math.floorDiv(value, MICROS_PER_SECOND), Math.floorMod(value, MICROS_PER_SECOND) * 1_000L);
      case NANOSECOND:
        return Instant.ofEpochSecond(
            Math.floorDiv(value, NANOS_PER_SECOND), Math.floorMod(value, NANOS_PER_SECOND));
      default:
        throw new IllegalArgumentException("No Arrow reader for time unit " + unit);
    }
  }

  private static ValueReader list(FieldType elementType, ListVector lists) {
    ValueReader element = forVector(elementType, lists.getDataVector());
    return index -> {
      int start = lists.getElementStartIndex(index);
      int end = lists.getElementEndIndex(index);
      List<Object> values = new ArrayList<>(end - start);
      for (int i = start; i < end; i++) {
        values.add(element.read(i));
      }
      return values;
    };
  }

  /** Arrow holds a map as a list of (key, value) structs. */
  private static ValueReader map(FieldType type, MapVector maps) {
    StructVector entries = (StructVector) maps.getDataVector();
    ValueReader key = forVector(type.getMapKeyType(), entries.getChildByOrdinal(0));
    ValueReader value = forVector(type.getMapValueType(), entries.getChildByOrdinal(1));
    return index -> {
      int start = maps.getElementStartIndex(index);
      int end = maps.getElementEndIndex(index);
      Map<Object, Object> values = new LinkedHashMap<>();
      for (int i = start; i < end; i++) {
        values.put(key.read(i), value.read(i));
      }
      return values;
    };
  }

  /** Children by name: two writers may order a struct's fields differently. */
  private static ValueReader struct(Schema schema, StructVector struct) {
    List<ValueVector> children = new ArrayList<>();
    for (String name : schema.getFieldNames()) {
      children.add(struct.getChild(name));
    }
    ValueReader[] fields = forFields(schema, children);
    return index -> row(schema, fields, index);
  }
}
