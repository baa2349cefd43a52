package io.solstice.io.parquet;

import io.solstice.io.arrow.ArrowSchemas;
import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.Schema.FieldType;

/**
 * The columns a read expects, taken from the first file (all of them, or those asked for, in that
 * order), and the check that every other file has them with the same types. Every file is scanned
 * for these columns by name, so a file that orders them otherwise, or has more, reads the same.
 */
final class ParquetColumns implements Serializable {
  private static final long serialVersionUID = 1L;

  private final List<String> names;
  private final Schema beamSchema;

  private ParquetColumns(Schema beamSchema) {
    this.names = List.copyOf(beamSchema.getFieldNames());
    this.beamSchema = beamSchema;
  }

  /** @param names the columns asked for; empty for every column of the first file */
  static ParquetColumns ofFirstFile(String filepattern, List<String> names) {
    String first = ParquetFiles.match(filepattern).get(0).resourceId().toString();
    org.apache.arrow.vector.types.pojo.Schema fileSchema = ParquetFileScan.schemaOf(first);
    return new ParquetColumns(ArrowSchemas.toBeam(project(fileSchema, names, first)));
  }

  Schema beamSchema() {
    return beamSchema;
  }

  /** The columns to scan, by name, in the expected order. */
  Optional<String[]> toScan() {
    return Optional.of(names.toArray(new String[0]));
  }

  /**
   * @throws IOException naming the file and column if a column is missing, of another type (or
   *     another kind of date or time), or holds nulls where the first file's did not
   */
  void check(String file, org.apache.arrow.vector.types.pojo.Schema fileSchema) throws IOException {
    Schema found;
    try {
      found = ArrowSchemas.toBeam(project(fileSchema, names, file));
    } catch (IllegalArgumentException e) {
      throw new IOException(file + ": " + e.getMessage(), e);
    }
    for (Schema.Field field : beamSchema.getFields()) {
      FieldType actual = found.getField(field.getName()).getType();
      if (!readsAs(actual, field.getType())) {
        throw new IOException(
            file + ": column '" + field.getName() + "' is " + actual + " there, but " + field.getType()
                + " in the first file; read files of one schema together");
      }
    }
  }

  /**
   * Whether a file's column of type {@code actual} reads into {@code expected}: the same types all
   * the way down (logical types by identifier, struct fields by name), and no nulls where {@code
   * expected} has none. (Beam's own equivalence takes any two logical types for the same.)
   */
  static boolean readsAs(FieldType actual, FieldType expected) {
    if (nullable(actual) && !nullable(expected) || actual.getTypeName() != expected.getTypeName()) {
      return false;
    }
    switch (expected.getTypeName()) {
      case LOGICAL_TYPE:
        return actual.getLogicalType().getIdentifier().equals(expected.getLogicalType().getIdentifier());
      case ARRAY:
      case ITERABLE:
        return readsAs(actual.getCollectionElementType(), expected.getCollectionElementType());
      case MAP:
        return readsAs(actual.getMapKeyType(), expected.getMapKeyType())
            && readsAs(actual.getMapValueType(), expected.getMapValueType());
      case ROW:
        Schema actualRow = actual.getRowSchema();
        for (Schema.Field field : expected.getRowSchema().getFields()) {
          if (!actualRow.hasField(field.getName())
              || !readsAs(actualRow.getField(field.getName()).getType(), field.getType())) {
            return false;
          }
        }
        return true;
      default:
        return true;
    }
  }

  /**
   * Whether the type takes nulls, without {@code getNullable()}: it returns a {@code Boolean} before
   * Beam 2.73 and a {@code boolean} since, so a call compiled against one fails on the other.
   */
  private static boolean nullable(FieldType type) {
    return !type.equals(type.withNullable(false));
  }

  private static org.apache.arrow.vector.types.pojo.Schema project(
      org.apache.arrow.vector.types.pojo.Schema schema, List<String> names, String file) {
    if (names.isEmpty()) {
      return schema;
    }
    List<Field> fields = new ArrayList<>();
    for (String name : names) {
      Field field = schema.getFields().stream().filter(f -> f.getName().equals(name)).findFirst().orElse(null);
      if (field == null) {
        throw new IllegalArgumentException(
            "ArrowParquetIO: no column '" + name + "' in " + file + "; its columns: " + columnNames(schema));
      }
      fields.add(field);
    }
    return new org.apache.arrow.vector.types.pojo.Schema(fields);
  }

  private static List<String> columnNames(org.apache.arrow.vector.types.pojo.Schema schema) {
    List<String> names = new ArrayList<>();
    schema.getFields().forEach(field -> names.add(field.getName()));
    return names;
  }
}
