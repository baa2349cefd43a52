package io.solstice.io.parquet;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.RowCoder;
import org.apache.beam.sdk.io.BoundedSource;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.values.Row;

/**
 * The Parquet files of a pattern as a bounded source of rows: split into shards of whole files, each
 * shard about the size the runner asks for.
 */
final class ArrowParquetSource extends BoundedSource<Row> {
  private static final long serialVersionUID = 1L;

  private final String filepattern;
  private final ParquetColumns columns;
  private final int batchRows;
  /** This shard's files and their sizes; null until split (then the pattern is matched when read). */
  private final List<String> files;
  private final List<Long> sizes;

  ArrowParquetSource(String filepattern, ParquetColumns columns, int batchRows, List<String> files, List<Long> sizes) {
    this.filepattern = filepattern;
    this.columns = columns;
    this.batchRows = batchRows;
    this.files = files;
    this.sizes = sizes;
  }

  @Override
  public List<ArrowParquetSource> split(long desiredBundleSizeBytes, PipelineOptions options) {
    List<String> names = new ArrayList<>();
    List<Long> bytes = new ArrayList<>();
    forEachFile((name, size) -> {
      names.add(name);
      bytes.add(size);
    });
    // Whole files, in name order; a shard closes once it reaches the size asked for.
    List<ArrowParquetSource> shards = new ArrayList<>();
    int first = 0;
    long shardBytes = 0;
    for (int i = 0; i < names.size(); i++) {
      shardBytes += bytes.get(i);
      if (shardBytes >= desiredBundleSizeBytes || i == names.size() - 1) {
        shards.add(new ArrowParquetSource(
            filepattern, columns, batchRows, List.copyOf(names.subList(first, i + 1)), List.copyOf(bytes.subList(first, i + 1))));
        first = i + 1;
        shardBytes = 0;
      }
    }
    return shards;
  }

  @Override
  public long getEstimatedSizeBytes(PipelineOptions options) {
    long[] bytes = {0};
    forEachFile((name, size) -> bytes[0] += size);
    return bytes[0];
  }

  @Override
  public BoundedReader<Row> createReader(PipelineOptions options) {
    List<String> names = new ArrayList<>();
    forEachFile((name, size) -> names.add(name));
    return new ArrowParquetReader(this, names, columns, batchRows);
  }

  @Override
  public Coder<Row> getOutputCoder() {
    return RowCoder.of(columns.beamSchema());
  }

  /** This shard's files with their sizes; before a split, every file the pattern matches now. */
  private void forEachFile(BiConsumer<String, Long> each) {
    if (files == null) {
      ParquetFiles.match(filepattern).forEach(file -> each.accept(file.resourceId().toString(), file.sizeBytes()));
    } else {
      for (int i = 0; i < files.size(); i++) {
        each.accept(files.get(i), sizes.get(i));
      }
    }
  }
}
