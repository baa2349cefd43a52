package io.solstice.io.parquet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.apache.arrow.dataset.file.DatasetFileWriter;
import org.apache.arrow.dataset.file.FileFormat;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.Schema;

/** Writes one Arrow batch as a Parquet file with Arrow's own C++ writer: types no Avro path gives. */
final class ArrowFileWriter {
  private ArrowFileWriter() {}

  /**
   * Writes {@code directory/<name>0.parquet}; {@code fill} sets the vectors and the row count. (Arrow
   * writes only into an empty directory: the file is written into one of its own, then moved.)
   */
  static Path write(Path directory, String name, Schema schema, Consumer<VectorSchemaRoot> fill) throws IOException {
    Path writing = Files.createTempDirectory(directory.getParent(), name + "-writing");
    BufferAllocator allocator = new RootAllocator();
    try (ArrowReader batch = new OneBatch(allocator, schema, fill)) {
      DatasetFileWriter.write(
          allocator, batch, FileFormat.PARQUET, writing.toUri().toString(), new String[0], 1, name + "{i}.parquet");
    } finally {
      closeOnceReleased(allocator);
    }
    Path file = Files.move(writing.resolve(name + "0.parquet"), directory.resolve(name + "0.parquet"));
    Files.delete(writing);
    return file;
  }

  /**
   * The C++ writer may release the batch it was handed (through the C data interface) on a thread of
   * its own just after {@code write} returns: give it up to a second before calling it a leak.
   */
  private static void closeOnceReleased(BufferAllocator allocator) {
    long deadline = System.nanoTime() + 1_000_000_000L;
    while (allocator.getAllocatedMemory() > 0 && System.nanoTime() < deadline) {
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    allocator.close(); // throws if anything is still allocated
  }

  private static final class OneBatch extends ArrowReader {
    private final Schema schema;
    private final Consumer<VectorSchemaRoot> fill;
    private boolean loaded;

    OneBatch(BufferAllocator allocator, Schema schema, Consumer<VectorSchemaRoot> fill) {
      super(allocator);
      this.schema = schema;
      this.fill = fill;
    }

    @Override
    public boolean loadNextBatch() throws IOException {
      if (loaded) {
        return false;
      }
      VectorSchemaRoot root = getVectorSchemaRoot();
      root.allocateNew();
      fill.accept(root);
      loaded = true;
      return true;
    }

    @Override
    public long bytesRead() {
      return 0;
    }

    @Override
    protected void closeReadSource() {}

    @Override
    protected Schema readSchema() {
      return schema;
    }
  }
}
