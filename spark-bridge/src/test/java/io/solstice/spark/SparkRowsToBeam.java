package io.solstice.spark;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.Schema.FieldType;
import org.apache.beam.sdk.values.Row;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The expected Beam rows of a DataFrame, from {@code collect()}: Spark's own Java values, converted
 * without Arrow, so that the tests compare two independent paths.
 */
final class SparkRowsToBeam {
  private SparkRowsToBeam() {}

  static List<Row> convert(Schema schema, List<org.apache.spark.sql.Row> rows) {
    List<Row> converted = new ArrayList<>();
    for (org.apache.spark.sql.Row row : rows) {
      converted.add(row(schema, row));
    }
    return converted;
  }

  private static Row row(Schema schema, org.apache.spark.sql.Row row) {
    Row.Builder builder = Row.withSchema(schema);
    for (int i = 0; i < schema.getFieldCount(); i++) {
      builder.addValue(value(schema.getField(i).getType(), row.isNullAt(i) ? null : row.get(i)));
    }
    return builder.build();
  }

  private static Object value(FieldType type, Object value) {
    if (value == null) {
      return null;
    }
    switch (type.getTypeName()) {
      case ARRAY:
        List<Object> list = new ArrayList<>();
        for (Object element : CollectionConverters.asJava((scala.collection.Iterable<?>) value)) {
          list.add(value(type.getCollectionElementType(), element));
        }
        return list;
      case MAP:
        Map<Object, Object> map = new LinkedHashMap<>();
        CollectionConverters.asJava((scala.collection.Map<?, ?>) value)
            .forEach((k, v) -> map.put(value(type.getMapKeyType(), k), value(type.getMapValueType(), v)));
        return map;
      case ROW:
        return row(type.getRowSchema(), (org.apache.spark.sql.Row) value);
      default:
        return value;
    }
  }
}
