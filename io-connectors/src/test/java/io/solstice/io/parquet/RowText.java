package io.solstice.io.parquet;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.values.Row;

/** A row's values as text that two readers agree on whatever Java types they hold (bytes, maps). */
final class RowText {
  private RowText() {}

  static String of(Row row) {
    return value(row);
  }

  private static String value(Object value) {
    if (value instanceof Row) {
      List<String> fields = new ArrayList<>();
      ((Row) value).getValues().forEach(field -> fields.add(value(field)));
      return "(" + String.join(", ", fields) + ")";
    } else if (value instanceof byte[]) {
      return Arrays.toString((byte[]) value);
    } else if (value instanceof Map) {
      Map<String, String> sorted = new TreeMap<>();
      ((Map<?, ?>) value).forEach((k, v) -> sorted.put(value(k), value(v)));
      return sorted.toString();
    } else if (value instanceof Iterable) {
      List<String> elements = new ArrayList<>();
      ((Iterable<?>) value).forEach(element -> elements.add(value(element)));
      return elements.toString();
    }
    return String.valueOf(value);
  }
}
