package io.solstice.io.parquet;

import io.solstice.io.arrow.ArrowValueReaders;
import io.solstice.io.arrow.ArrowValueReaders.ValueReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.beam.sdk.io.BoundedSource;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.values.Row;

/** Reads a shard's files one after another, a row at a time from each Arrow batch. */
final class ArrowParquetReader extends BoundedSource.BoundedReader<Row> {
  private final ArrowParquetSource source;
  private final List<String> files;
  private final ParquetColumns columns;
  private final Schema schema;
  private final int batchRows;

  private BufferAllocator allocator;
  private ParquetFileScan scan;
  private int nextFile;
  private ValueReader[] fields;
  private int rowsInBatch;
  private int row;
  private Row current;

  ArrowParquetReader(ArrowParquetSource source, List<String> files, ParquetColumns columns, int batchRows) {
    this.source = source;
    this.files = files;
    this.columns = columns;
    this.schema = columns.beamSchema();
    this.batchRows = batchRows;
  }

  @Override
  public boolean start() throws IOException {
    allocator = new RootAllocator();
    return advance();
  }

  @Override
  public boolean advance() throws IOException {
    while (row + 1 >= rowsInBatch) {
      if (!nextBatch()) {
        current = null;
        return false;
      }
    }
    row++;
    current = ArrowValueReaders.row(schema, fields, row);
    return true;
  }

  /** Loads the next non-exhausted batch, opening the next file when one ends; false after the last. */
  private boolean nextBatch() throws IOException {
    while (scan == null || !scan.next()) {
      closeScan();
      if (nextFile == files.size()) {
        return false;
      }
      scan = ParquetFileScan.open(allocator, files.get(nextFile++), columns, batchRows);
    }
    VectorSchemaRoot batch = scan.batch();
    List<FieldVector> vectors = new ArrayList<>();
    for (String name : schema.getFieldNames()) {
      vectors.add(batch.getVector(name));
    }
    try {
      fields = ArrowValueReaders.forFields(schema, vectors);
    } catch (ClassCastException | IllegalArgumentException | NullPointerException e) {
      // check() compares types before a file is scanned; this is the backstop that names the file.
      throw new IOException("ArrowParquetIO: " + files.get(nextFile - 1) + " does not read as " + schema + ": " + e, e);
    }
    rowsInBatch = batch.getRowCount();
    row = -1;
    return true;
  }

  @Override
  public Row getCurrent() {
    if (current == null) {
      throw new NoSuchElementException();
    }
    return current;
  }

  @Override
  public Double getFractionConsumed() {
    if (files.isEmpty()) {
      return 1.0;
    }
    // Whole files only: Arrow's scanner does not say how far into a file it is.
    int done = scan == null ? nextFile : nextFile - 1;
    return (double) done / files.size();
  }

  @Override
  public void close() throws IOException {
    try {
      closeScan();
    } finally {
      if (allocator != null) {
        allocator.close();
        allocator = null;
      }
    }
  }

  private void closeScan() throws IOException {
    if (scan != null) {
      try {
        scan.close();
      } catch (IOException | RuntimeException e) {
        throw e;
      } catch (Exception e) {
        throw new IOException(e);
      } finally {
        scan = null;
      }
    }
  }

  @Override
  public ArrowParquetSource getCurrentSource() {
    return source;
  }
}
