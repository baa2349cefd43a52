package io.solstice.translation.runtime.operators;

import io.solstice.translation.runtime.GroupingMemory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The spill files of one grouping step: sorted runs in a directory of its own under the spill
 * directory, made at the first spill and removed, with every run, once the step has emitted its
 * groups or is closed (also after a failure).
 */
final class SpillFiles {
  private static final Logger LOG = LoggerFactory.getLogger(SpillFiles.class);

  private final GroupingMemory memory;
  private final String stepName;
  private final List<Path> runs = new ArrayList<>();
  private long bytes;
  private Path directory;

  SpillFiles(GroupingMemory memory, String stepName) {
    this.memory = memory;
    this.stepName = stepName;
  }

  boolean any() {
    return !runs.isEmpty();
  }

  /** Writes {@code sorted} as the next run. */
  void spill(RecordCursor sorted) throws IOException {
    Path run = null;
    try {
      if (directory == null) {
        Files.createDirectories(memory.spillDirectory());
        directory = Files.createTempDirectory(memory.spillDirectory(), "solstice-spill-");
      }
      run = directory.resolve("run-" + runs.size());
      long records = RecordRun.write(run, sorted);
      runs.add(run);
      long size = Files.size(run);
      bytes += size;
      LOG.info(
          "Step {} gathered more than its grouping memory ({}): spilled run {} of {} records ({}) to {}",
          stepName, megabytes(memory.budgetBytes()), runs.size(), records, megabytes(size), run);
    } catch (IOException e) {
      throw new IOException(
          "Step " + stepName + " could not spill its gathered groups to " + (run == null ? memory.spillDirectory() : run)
              + " (" + e + "); give --spillDirectory a disk with room, or raise --groupingMemoryMb", e);
    }
  }

  /** Every run, and {@code more}, merged into one sorted cursor. */
  RecordCursor merged(RecordCursor... more) throws IOException {
    List<RecordCursor> cursors = new ArrayList<>();
    try {
      for (Path run : runs) {
        cursors.add(new RecordRun.Reader(run));
      }
    } catch (IOException e) {
      for (RecordCursor opened : cursors) {
        opened.close();
      }
      throw e;
    }
    cursors.addAll(List.of(more));
    return new MergedRecords(cursors);
  }

  /** Bytes written so far, runs since removed included. */
  long bytes() {
    return bytes;
  }

  /** What has spilled, for a user: size and number of runs. */
  String summary() {
    return megabytes(bytes) + " in " + runs.size() + " files";
  }

  static String megabytes(long bytes) {
    return String.format("%.1f MB", bytes / (double) (1 << 20));
  }

  /** Removes every run and the directory. */
  void deleteAll() {
    runs.clear();
    if (directory == null) {
      return;
    }
    try (Stream<Path> files = Files.list(directory)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        Files.deleteIfExists(file);
      }
      Files.deleteIfExists(directory);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not remove the spill files of step " + stepName + " in " + directory, e);
    }
    directory = null;
  }
}
