package io.solstice.examples;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The completed checkpoints a job's log reports, with their durations and sizes: Solstice's
 * coordinator logs "checkpoint N complete in D ms (longest alignment A ms): B bytes", Flink's
 * "Completed checkpoint N for job J (B bytes, checkpointDuration=D ms, ...)".
 */
record CheckpointLog(List<Long> durationsMillis, List<Long> sizesBytes) {
  private static final Pattern SOLSTICE =
      Pattern.compile("checkpoint \\d+ complete in (\\d+) ms \\(longest alignment \\d+ ms\\): (\\d+) bytes");
  private static final Pattern FLINK =
      Pattern.compile("Completed checkpoint \\d+ for job \\S+ \\((\\d+) bytes, checkpointDuration=(\\d+) ms");

  static CheckpointLog read(Path log) throws IOException {
    List<Long> durations = new ArrayList<>();
    List<Long> sizes = new ArrayList<>();
    for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
      Matcher solstice = SOLSTICE.matcher(line);
      Matcher flink = FLINK.matcher(line);
      if (solstice.find()) {
        durations.add(Long.parseLong(solstice.group(1)));
        sizes.add(Long.parseLong(solstice.group(2)));
      } else if (flink.find()) {
        sizes.add(Long.parseLong(flink.group(1)));
        durations.add(Long.parseLong(flink.group(2)));
      }
    }
    return new CheckpointLog(durations, sizes);
  }

  int count() {
    return durationsMillis.size();
  }

  /** "median / max ms, max size", or empty without checkpoints. */
  String summary() {
    if (durationsMillis.isEmpty()) {
      return "";
    }
    List<Long> sorted = new ArrayList<>(durationsMillis);
    Collections.sort(sorted);
    long median = sorted.get((sorted.size() - 1) / 2);
    return String.format(
        "%d / %d ms, up to %.1f MB", median, sorted.get(sorted.size() - 1), Collections.max(sizesBytes) / 1e6);
  }
}
