package io.solstice.io.arrow;

import io.solstice.translation.api.ElementDecoder;
import java.io.ByteArrayInputStream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.values.Row;

/**
 * Turns an Arrow IPC stream (one or more record batches) into Beam rows of the given schema: the
 * Spark bridge's stage decoder.
 */
public final class ArrowRowDecoder implements ElementDecoder<Row> {
  private static final long serialVersionUID = 1L;

  private final Schema schema;
  private transient BufferAllocator allocator;

  public ArrowRowDecoder(Schema schema) {
    this.schema = schema;
  }

  @Override
  public void open() {
    allocator = new RootAllocator();
  }

  @Override
  public void decode(byte[] batch, Output<Row> out) throws Exception {
    try (ArrowStreamReader reader = new ArrowStreamReader(new ByteArrayInputStream(batch), allocator)) {
      VectorSchemaRoot root = reader.getVectorSchemaRoot();
      while (reader.loadNextBatch()) {
        ArrowValueReaders.ValueReader[] fields = ArrowValueReaders.forFields(schema, root.getFieldVectors());
        int rows = root.getRowCount();
        for (int i = 0; i < rows; i++) {
          out.accept(ArrowValueReaders.row(schema, fields, i));
        }
      }
    }
  }

  @Override
  public void close() {
    if (allocator != null) {
      allocator.close();
    }
  }
}
