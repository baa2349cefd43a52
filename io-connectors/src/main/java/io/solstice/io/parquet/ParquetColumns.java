package io.solstice.io.parquet;

import io.solstice.io.arrow.ArrowSchemas;
import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.beam.sdk.schemas.Schema;

/**
 * The columns a read expects, taken from the first file (all of them, or those asked for, in that
 * order), and the check that every other file has them with the same types.
 */
final class ParquetColumns implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Empty: every column of the file. */
  private final List<String> names;
  private final Schema beamSchema;

  private ParquetColumns(List<String> names, Schema beamSchema) {
    this.names = names;
    this.beamSchema = beamSchema;
  }

  static ParquetColumns ofFirstFile(String filepattern, List<String> names) {
    String first = ParquetFiles.match(filepattern).get(0).resourceId().toString();
    org.apache.arrow.vector.types.pojo.Schema fileSchema = ParquetFileScan.schemaOf(first);
    return new ParquetColumns(names, ArrowSchemas.toBeam(project(fileSchema, names, first)));
  }

  Schema beamSchema() {
    return beamSchema;
  }

  Optional<String[]> toScan() {
    return names.isEmpty() ? Optional.empty() : Optional.of(names.toArray(new String[0]));
  }

  /**
   * @throws IOException naming the file and column if a column is missing, of another type, or holds
   *     nulls where the first file's did not
   */
  void check(String file, org.apache.arrow.vector.types.pojo.Schema fileSchema) throws IOException {
    Schema found;
    try {
      found = ArrowSchemas.toBeam(project(fileSchema, names, file));
    } catch (IllegalArgumentException e) {
      throw new IOException(e.getMessage(), e);
    }
    for (Schema.Field field : beamSchema.getFields()) {
      if (!found.hasField(field.getName())) {
        throw new IOException(file + " has no column '" + field.getName() + "', which the first file had");
      }
      Schema.FieldType actual = found.getField(field.getName()).getType();
      // A nullable column takes a file's non-null one; the reverse could put nulls where none may be.
      if (!actual.equivalent(field.getType(), Schema.EquivalenceNullablePolicy.WEAKEN)) {
        throw new IOException(
            file + ": column '" + field.getName() + "' is " + actual + " there, but " + field.getType()
                + " in the first file; read files of one schema together");
      }
    }
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
