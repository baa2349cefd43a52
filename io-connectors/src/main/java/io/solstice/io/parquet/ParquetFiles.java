package io.solstice.io.parquet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;

/** The local files a pattern matches, in name order, and the Arrow URIs that name them. */
final class ParquetFiles {
  private ParquetFiles() {}

  /** @throws IllegalArgumentException if nothing matches, or the matches are not local files */
  static List<MatchResult.Metadata> match(String filepattern) {
    MatchResult result;
    try {
      result = FileSystems.match(filepattern, EmptyMatchTreatment.ALLOW);
    } catch (IOException e) {
      throw new UncheckedIOException("ArrowParquetIO: cannot match " + filepattern + ": " + e.getMessage(), e);
    }
    List<MatchResult.Metadata> files = new ArrayList<>();
    try {
      for (MatchResult.Metadata file : result.metadata()) {
        if (!file.resourceId().isDirectory()) {
          files.add(file);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("ArrowParquetIO: cannot match " + filepattern + ": " + e.getMessage(), e);
    }
    if (files.isEmpty()) {
      throw new IllegalArgumentException("ArrowParquetIO: no file matches " + filepattern);
    }
    String scheme = files.get(0).resourceId().getScheme();
    if (!"file".equals(scheme)) {
      throw new IllegalArgumentException(
          "ArrowParquetIO reads local files (or a file system mounted as such), not " + scheme + ":// ("
              + filepattern + "); read it with ParquetIO instead");
    }
    files.sort(Comparator.comparing(file -> file.resourceId().toString()));
    return files;
  }

  /** The URI Arrow's file system takes for a local path (percent-encoded where needed). */
  static String uri(String path) {
    return new java.io.File(path).toURI().toString();
  }
}
