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
  /** Runs read at once in a merge. */
  static final int FAN_IN = 64;

  private final GroupingMemory memory;
  private final String stepName;
  private final List<Path> runs = new ArrayList<>();
  private long bytes;
  /** Names runs uniquely, merged ones included. */
  private int nextRun;
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
    long size = write(sorted);
    bytes += size;
    LOG.info(
        "Step {} gathered more than its grouping memory ({}): spilled run {} ({}) to {}",
        stepName, megabytes(memory.budgetBytes()), runs.size(), megabytes(size), directory);
  }

  /** Writes {@code sorted} as a new run at the end of the list; returns its size. */
  private long write(RecordCursor sorted) throws IOException {
    Path run = null;
    try {
      if (directory == null) {
        Files.createDirectories(memory.spillDirectory());
        directory = Files.createTempDirectory(memory.spillDirectory(), "solstice-spill-");
      }
      run = directory.resolve("run-" + nextRun++);
      RecordRun.write(run, sorted);
      runs.add(run);
      return Files.size(run);
    } catch (IOException e) {
      throw new IOException(
          "Step " + stepName + " could not spill its gathered groups to " + (run == null ? memory.spillDirectory() : run)
              + " (" + e + "); give --spillDirectory a disk with room, or raise --groupingMemoryMb", e);
    }
  }

  /**
   * Every run, and {@code more}, merged into one sorted cursor. Past {@value #FAN_IN} runs, runs are
   * first merged {@value #FAN_IN} at a time into longer ones, so that open files and read buffers
   * stay few however much has spilled.
   */
  RecordCursor merged(RecordCursor... more) throws IOException {
    while (runs.size() + more.length > FAN_IN) {
      List<Path> first = new ArrayList<>(runs.subList(0, Math.min(FAN_IN, runs.size())));
      runs.subList(0, first.size()).clear();
      try (MergedRecords merging = open(first)) {
        write(merging);
      }
      for (Path merged : first) {
        Files.deleteIfExists(merged);
      }
      LOG.debug("Step {} merged {} spilled runs into one", stepName, first.size());
    }
    MergedRecords all = open(runs);
    if (more.length == 0) {
      return all;
    }
    List<RecordCursor> cursors = new ArrayList<>(List.of(more));
    cursors.add(all);
    return new MergedRecords(cursors);
  }

  private static MergedRecords open(List<Path> files) throws IOException {
    List<RecordCursor> cursors = new ArrayList<>();
    try {
      for (Path file : files) {
        cursors.add(new RecordRun.Reader(file));
      }
    } catch (IOException e) {
      MergedRecords.closeAll(cursors, e);
      throw e;
    }
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
    return String.format("%.1f MB", bytes / 1e6);
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
