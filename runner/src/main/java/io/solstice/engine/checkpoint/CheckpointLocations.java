package io.solstice.engine.checkpoint;

import java.io.IOException;
import java.net.URI;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Opens the checkpoint storage a {@code --checkpointLocation} names, for one job. */
public final class CheckpointLocations {
  private static final Pattern SCHEME = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*:.*");
  private static final Pattern CHECKPOINT_DIR = Pattern.compile("chk-(\\d+)");
  private static final Pattern JOB_NAME = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]*");

  private CheckpointLocations() {}

  /**
   * The completed checkpoint {@code --restoreFromCheckpoint} names: {@code latest} (the newest
   * completed checkpoint of any job under {@code location}), a checkpoint's directory ({@code
   * .../<job>/chk-<id>}), or a job's directory (its newest completed checkpoint). Its manifest is
   * read, so a missing or corrupt one is an error naming the file.
   */
  public static CheckpointRef find(String restore, String location) throws IOException {
    if ("latest".equalsIgnoreCase(restore)) {
      return latestUnder(location);
    }
    Path path = localPath(restore);
    Matcher checkpoint = CHECKPOINT_DIR.matcher(path.getFileName().toString());
    Path jobDir = checkpoint.matches() ? path.getParent() : path;
    if (jobDir == null || jobDir.getParent() == null || !Files.isDirectory(jobDir)) {
      throw new IllegalArgumentException(
          "--restoreFromCheckpoint=" + restore + " names no checkpoint: " + jobDir + " is not a directory. Pass a"
              + " checkpoint's directory (<location>/<job>/chk-<id>), a job's, or latest.");
    }
    String root = jobDir.getParent().toString();
    String job = jobDir.getFileName().toString();
    CheckpointStorage storage = open(root, job);
    long id;
    if (checkpoint.matches()) {
      id = Long.parseLong(checkpoint.group(1));
    } else {
      List<Long> completed = storage.completed();
      if (completed.isEmpty()) {
        throw new IllegalArgumentException(
            "--restoreFromCheckpoint=" + restore + ": " + jobDir.toUri() + " holds no completed checkpoint");
      }
      id = completed.get(completed.size() - 1);
    }
    storage.manifest(id);
    return new CheckpointRef(root, job, id);
  }

  private static CheckpointRef latestUnder(String location) throws IOException {
    Path root = localPath(location);
    CheckpointRef newest = null;
    long newestAt = Long.MIN_VALUE;
    if (Files.isDirectory(root)) {
      try (DirectoryStream<Path> jobs = Files.newDirectoryStream(root, Files::isDirectory)) {
        for (Path jobDir : jobs) {
          String job = jobDir.getFileName().toString();
          if (!JOB_NAME.matcher(job).matches()) {
            continue;
          }
          CheckpointStorage storage = open(root.toString(), job);
          List<Long> completed = storage.completed();
          if (completed.isEmpty()) {
            continue;
          }
          long id = completed.get(completed.size() - 1);
          long at = storage.manifest(id).completedAtMillis();
          if (at > newestAt) {
            newestAt = at;
            newest = new CheckpointRef(root.toString(), job, id);
          }
        }
      }
    }
    if (newest == null) {
      throw new IllegalArgumentException(
          "--restoreFromCheckpoint=latest: no completed checkpoint under " + root.toUri()
              + " (--checkpointLocation). Pass the location the job wrote its checkpoints to.");
    }
    return newest;
  }

  private static Path localPath(String location) {
    URI uri = SCHEME.matcher(location).matches() ? URI.create(location) : null;
    String scheme = uri == null ? "file" : uri.getScheme();
    if (!"file".equals(scheme)) {
      throw new IllegalArgumentException(
          "Checkpoint location " + location + ": only directories (file:///path or a plain path) are built yet");
    }
    return (uri == null ? Path.of(location) : Path.of(uri)).toAbsolutePath().normalize();
  }

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
