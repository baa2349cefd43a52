package io.solstice.runner.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.beam.sdk.transforms.DoFn;

/**
 * Writes each element's text to a file of its own bundle in a directory: a sink that works on any
 * runner, bounded or unbounded, in one process or several on this machine.
 */
public final class LinesSink extends DoFn<String, Void> {
  private final String directory;
  private transient List<String> lines;

  public LinesSink(Path directory) {
    this.directory = directory.toString();
  }

  @StartBundle
  public void startBundle() {
    lines = new ArrayList<>();
  }

  @ProcessElement
  public void processElement(@Element String line) {
    lines.add(line);
  }

  @FinishBundle
  public void finishBundle() {
    if (lines.isEmpty()) {
      return;
    }
    try {
      Files.write(
          Paths.get(directory, UUID.randomUUID() + ".txt"), lines, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    lines = null;
  }
}
