package io.solstice.io.parquet;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.RowCoder;
import org.apache.beam.sdk.io.BoundedSource;
import org.apache.beam.sdk.io.FileSystems;
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
  /** This shard's files; null until split (then the pattern is matched when read). */
  private final List<String> files;

  ArrowParquetSource(String filepattern, ParquetColumns columns, int batchRows, List<String> files) {
    this.filepattern = filepattern;
    this.columns = columns;
    this.batchRows = batchRows;
    this.files = files;
  }

  @Override
  public List<ArrowParquetSource> split(long desiredBundleSizeBytes, PipelineOptions options)
      throws IOException {
    List<ArrowParquetSource> shards = new ArrayList<>();
    List<String> shard = new ArrayList<>();
    long shardBytes = 0;
    for (MatchResult.Metadata file : filesWithSizes()) {
      shard.add(file.resourceId().toString());
      shardBytes += file.sizeBytes();
      if (shardBytes >= desiredBundleSizeBytes) {
        shards.add(withFiles(shard));
        shard = new ArrayList<>();
        shardBytes = 0;
      }
    }
    if (!shard.isEmpty()) {
      shards.add(withFiles(shard));
    }
    return shards;
  }

  @Override
  public long getEstimatedSizeBytes(PipelineOptions options) throws IOException {
    long bytes = 0;
    for (MatchResult.Metadata file : filesWithSizes()) {
      bytes += file.sizeBytes();
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

  private List<MatchResult.Metadata> filesWithSizes() throws IOException {
    if (files == null) {
      return ParquetFiles.match(filepattern);
    }
    List<MatchResult.Metadata> sized = new ArrayList<>();
    for (String file : files) {
      sized.add(FileSystems.matchSingleFileSpec(file));
    }
    return sized;
  }

  private List<String> matchedNames() {
    List<String> names = new ArrayList<>();
    ParquetFiles.match(filepattern).forEach(file -> names.add(file.resourceId().toString()));
    return names;
  }

  private ArrowParquetSource withFiles(List<String> shard) {
    return new ArrowParquetSource(filepattern, columns, batchRows, List.copyOf(shard));
  }
}
