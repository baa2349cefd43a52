package io.solstice.spark;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.Serializable;
import java.nio.channels.Channels;
import java.util.Iterator;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.execution.arrow.ArrowWriter;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.ArrowUtils;

/**
 * Turns a Spark partition's rows into Arrow IPC streams of one record batch each, with Spark's own
 * Arrow writer (what {@code toArrowBatchRdd} uses), bounded in rows and bytes. Runs in Spark's tasks.
 */
final class ArrowBatchEncoder implements Serializable {
  private static final long serialVersionUID = 1L;
  /**
   * How often (in rows) a batch's size is measured once it has this many: measuring walks every
   * column's buffers. Before that it is measured at each power of two, so that wide rows end a batch
   * at no more than about twice the byte bound.
   */
  private static final int SIZE_CHECK_ROWS = 1024;

  /** Receives each encoded batch. */
  interface BatchConsumer {
    void accept(byte[] batch) throws Exception;
  }

  private final StructType schema;
  private final String timeZone;
  private final int maxRows;
  private final long maxBytes;

  ArrowBatchEncoder(StructType schema, String timeZone, int maxRows, long maxBytes) {
    this.schema = schema;
    this.timeZone = timeZone;
    this.maxRows = maxRows;
    this.maxBytes = maxBytes;
  }

  int maxRows() {
    return maxRows;
  }

  long maxBytes() {
    return maxBytes;
  }

  void encode(Iterator<InternalRow> rows, BatchConsumer out) throws Exception {
    Schema arrowSchema = ArrowUtils.toArrowSchema(schema, timeZone, true, false);
    try (BufferAllocator allocator =
            ArrowUtils.rootAllocator().newChildAllocator("solstice-spark-source", 0, Long.MAX_VALUE);
        VectorSchemaRoot root = VectorSchemaRoot.create(arrowSchema, allocator)) {
      ArrowWriter writer = ArrowWriter.create(root);
      int count = 0;
      while (rows.hasNext()) {
        writer.write(rows.next());
        count++;
        if (count >= maxRows || (sizeCheckDue(count) && writer.sizeInBytes() >= maxBytes)) {
          out.accept(finishBatch(writer, root));
          count = 0;
        }
      }
      if (count > 0) {
        out.accept(finishBatch(writer, root));
      }
    }
  }

  private static boolean sizeCheckDue(int rows) {
    return rows < SIZE_CHECK_ROWS ? (rows & (rows - 1)) == 0 : rows % SIZE_CHECK_ROWS == 0;
  }

  private static byte[] finishBatch(ArrowWriter writer, VectorSchemaRoot root) throws IOException {
    writer.finish();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream((int) Math.min(Integer.MAX_VALUE - 64, writer.sizeInBytes() + 1024));
    try (ArrowStreamWriter stream = new ArrowStreamWriter(root, null, Channels.newChannel(bytes))) {
      stream.start();
      stream.writeBatch();
      stream.end();
    }
    writer.reset();
    return bytes.toByteArray();
  }
}
