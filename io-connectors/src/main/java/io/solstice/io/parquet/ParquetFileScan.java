package io.solstice.io.parquet;

import java.io.IOException;
import org.apache.arrow.dataset.file.FileFormat;
import org.apache.arrow.dataset.file.FileSystemDatasetFactory;
import org.apache.arrow.dataset.jni.NativeMemoryPool;
import org.apache.arrow.dataset.scanner.ScanOptions;
import org.apache.arrow.dataset.scanner.Scanner;
import org.apache.arrow.dataset.source.Dataset;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * One Parquet file read by Arrow's C++ reader as record batches of the expected columns. The native
 * objects (factory, dataset, scanner, reader) live until {@link #close}.
 */
final class ParquetFileScan implements AutoCloseable {
  private final String file;
  private final FileSystemDatasetFactory factory;
  private final Dataset dataset;
  private final Scanner scanner;
  private final ArrowReader reader;

  private ParquetFileScan(
      String file, FileSystemDatasetFactory factory, Dataset dataset, Scanner scanner, ArrowReader reader) {
    this.file = file;
    this.factory = factory;
    this.dataset = dataset;
    this.scanner = scanner;
    this.reader = reader;
  }

  /** The file's Arrow schema, from its footer. */
  static Schema schemaOf(String file) {
    try (BufferAllocator allocator = new RootAllocator();
        FileSystemDatasetFactory factory = factory(allocator, file)) {
      return factory.inspect();
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(notParquet(file, e), e);
    }
  }

  /** @throws IOException naming the file if it is not Parquet or its columns differ from {@code expected} */
  static ParquetFileScan open(BufferAllocator allocator, String file, ParquetColumns expected, int batchRows)
      throws IOException {
    FileSystemDatasetFactory factory = null;
    Dataset dataset = null;
    Scanner scanner = null;
    try {
      factory = factory(allocator, file);
      expected.check(file, factory.inspect());
      dataset = factory.finish();
      scanner = dataset.newScan(new ScanOptions.Builder(batchRows).columns(expected.toScan()).build());
      return new ParquetFileScan(file, factory, dataset, scanner, scanner.scanBatches());
    } catch (IOException | RuntimeException e) {
      closeQuietly(scanner, dataset, factory);
      if (e instanceof IOException) {
        throw (IOException) e;
      }
      throw new IOException(notParquet(file, e), e);
    }
  }

  /** Loads the next batch into {@link #batch()}; false at the end of the file. */
  boolean next() throws IOException {
    try {
      return reader.loadNextBatch();
    } catch (RuntimeException e) {
      throw new IOException("ArrowParquetIO: reading " + file + " failed: " + e.getMessage(), e);
    }
  }

  VectorSchemaRoot batch() throws IOException {
    return reader.getVectorSchemaRoot();
  }

  @Override
  public void close() throws Exception {
    try {
      reader.close();
    } finally {
      closeQuietly(scanner, dataset, factory);
    }
  }

  private static FileSystemDatasetFactory factory(BufferAllocator allocator, String file) {
    return new FileSystemDatasetFactory(
        allocator, NativeMemoryPool.getDefault(), FileFormat.PARQUET, ParquetFiles.uri(file));
  }

  private static String notParquet(String file, Exception e) {
    return "ArrowParquetIO: cannot read " + file + " as Parquet: " + e.getMessage();
  }

  private static void closeQuietly(AutoCloseable... resources) {
    for (AutoCloseable resource : resources) {
      if (resource != null) {
        try {
          resource.close();
        } catch (Exception e) {
          // Closing after a failure: the failure is what the user needs to see.
        }
      }
    }
  }
}
