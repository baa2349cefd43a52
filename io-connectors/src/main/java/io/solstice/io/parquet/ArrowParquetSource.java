package io.solstice.io.parquet;

import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.RowCoder;
import org.apache.beam.sdk.io.BoundedSource;
import org.apache.beam.sdk.io.fs.MatchResult;
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
    if (files == null) {
      for (MatchResult.Metadata file : ParquetFiles.match(filepattern)) {
        names.add(file.resourceId().toString());
        bytes.add(file.sizeBytes());
      }
    } else {
      names.addAll(files);
      bytes.addAll(sizes);
    }
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
    long bytes = 0;
    if (files == null) {
      for (MatchResult.Metadata file : ParquetFiles.match(filepattern)) {
        bytes += file.sizeBytes();
      }
    } else {
      for (long size : sizes) {
        bytes += size;
      }
    }
    return bytes;
  }

  @Override
  public BoundedReader<Row> createReader(PipelineOptions options) {
    return new ArrowParquetReader(this, files == null ? matchedNames() : files, columns, batchRows);
  }

  @Override
  public Coder<Row> getOutputCoder() {
    return RowCoder.of(columns.beamSchema());
  }

  private List<String> matchedNames() {
    List<String> names = new ArrayList<>();
    ParquetFiles.match(filepattern).forEach(file -> names.add(file.resourceId().toString()));
    return names;
  }
}
