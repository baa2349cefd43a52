package io.solstice.engine.checkpoint;

import java.net.URI;
import java.nio.file.Path;
import java.util.regex.Pattern;

/** Opens the checkpoint storage a {@code --checkpointLocation} names, for one job. */
public final class CheckpointLocations {
  private static final Pattern SCHEME = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*:.*");
  private static final Pattern JOB_NAME = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]*");

  private CheckpointLocations() {}

  /**
   * @param location {@code file:///path} (or {@code file:/path}), or a plain path
   * @param job the job's name: its checkpoints go to {@code <location>/<job>/}
   */
  public static CheckpointStorage open(String location, String job) {
    if (!JOB_NAME.matcher(job).matches()) {
      throw new IllegalArgumentException(
          "Job name '" + job + "' cannot name a checkpoint directory: use letters, digits, '.', '_' and '-'");
    }
    if (location == null || location.isBlank()) {
      throw new IllegalArgumentException("No checkpoint location given: set --checkpointLocation");
    }
    URI uri = SCHEME.matcher(location).matches() ? URI.create(location) : null;
    String scheme = uri == null ? "file" : uri.getScheme();
    switch (scheme) {
      case "file":
        Path root = uri == null ? Path.of(location) : Path.of(uri);
        return new LocalCheckpointStorage(root.resolve(job));
      case "s3":
        throw new IllegalArgumentException(
            "Checkpoint location " + location + ": S3 checkpoint storage is not built yet;"
                + " use a directory every process of the job can reach (file:///path)");
      default:
        throw new IllegalArgumentException(
            "Checkpoint location " + location + " has an unknown scheme '" + scheme
                + "': use file:///path or a plain path");
    }
  }
}
