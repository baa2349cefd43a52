package io.solstice.engine.checkpoint;

import java.io.IOException;
import java.net.URI;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Opens the checkpoint storage a {@code --checkpointLocation} names, for one job, and finds the
 * checkpoint a {@code --restoreFromCheckpoint} names.
 */
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
  public static CheckpointRef find(String restore, String location, S3Settings s3) throws IOException {
    if ("latest".equalsIgnoreCase(restore)) {
      return latestUnder(location, s3);
    }
    String path = restore.replaceAll("/+$", "");
    int slash = path.lastIndexOf('/');
    String last = path.substring(slash + 1);
    Matcher checkpoint = CHECKPOINT_DIR.matcher(last);
    String jobPath = checkpoint.matches() ? path.substring(0, Math.max(0, slash)) : path;
    int jobSlash = jobPath.lastIndexOf('/');
    if (jobSlash <= 0) {
      throw new IllegalArgumentException(
          "--restoreFromCheckpoint=" + restore + " names no checkpoint. Pass a checkpoint's directory"
              + " (<location>/<job>/chk-<id>), a job's (<location>/<job>), or latest.");
    }
    String root = jobPath.substring(0, jobSlash);
    String job = jobPath.substring(jobSlash + 1);
    long id;
    try (CheckpointStorage storage = open(root, job, s3)) {
      if (checkpoint.matches()) {
        id = Long.parseLong(checkpoint.group(1));
      } else {
        List<Long> completed = storage.completed();
        if (completed.isEmpty()) {
          throw new IllegalArgumentException(
              "--restoreFromCheckpoint=" + restore + ": " + storage.describe() + " holds no completed checkpoint");
        }
        id = completed.get(completed.size() - 1);
      }
      storage.manifest(id);
    }
    return new CheckpointRef(root, job, id, s3);
  }

  private static CheckpointRef latestUnder(String location, S3Settings s3) throws IOException {
    CheckpointRef newest = null;
    long newestAt = Long.MIN_VALUE;
    for (String job : jobs(location, s3)) {
      try (CheckpointStorage storage = open(location, job, s3)) {
        List<Long> completed = storage.completed();
        if (completed.isEmpty()) {
          continue;
        }
        long id = completed.get(completed.size() - 1);
        long at = storage.manifest(id).completedAtMillis();
        if (at > newestAt) {
          newestAt = at;
          newest = new CheckpointRef(location, job, id, s3);
        }
      }
    }
    if (newest == null) {
      throw new IllegalArgumentException(
          "--restoreFromCheckpoint=latest: no completed checkpoint under " + location
              + " (--checkpointLocation). Pass the location the job wrote its checkpoints to.");
    }
    return newest;
  }

  /**
   * The completed checkpoints under a location, job by job and oldest first, as their manifests
   * say (a manifest that cannot be read is an error naming it).
   */
  public static Map<String, List<CheckpointManifest>> list(String location, S3Settings s3) throws IOException {
    Map<String, List<CheckpointManifest>> byJob = new TreeMap<>();
    for (String job : jobs(location, s3)) {
      try (CheckpointStorage storage = open(location, job, s3)) {
        List<CheckpointManifest> manifests = new ArrayList<>();
        for (long id : storage.completed()) {
          manifests.add(storage.manifest(id));
        }
        if (!manifests.isEmpty()) {
          byJob.put(job, manifests);
        }
      }
    }
    return byJob;
  }

  /** The job directories under a location. */
  private static List<String> jobs(String location, S3Settings s3) throws IOException {
    URI uri = SCHEME.matcher(location).matches() ? URI.create(location) : null;
    if (uri != null && "s3".equals(uri.getScheme())) {
      return S3CheckpointStorage.jobs(uri, s3);
    }
    Path root = uri == null ? Path.of(location) : Path.of(uri);
    List<String> jobs = new ArrayList<>();
    if (Files.isDirectory(root)) {
      try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root, Files::isDirectory)) {
        for (Path dir : dirs) {
          if (JOB_NAME.matcher(dir.getFileName().toString()).matches()) {
            jobs.add(dir.getFileName().toString());
          }
        }
      }
    }
    return jobs;
  }

  /** A local location's storage for {@code job}. */
  public static CheckpointStorage open(String location, String job) {
    return open(location, job, S3Settings.defaults());
  }

  /**
   * @param location {@code file:///path} (or {@code file:/path}), a plain path, or {@code
   *     s3://bucket/prefix}
   * @param job the job's name: its checkpoints go to {@code <location>/<job>/}
   * @param s3 how to reach S3, for an {@code s3://} location
   */
  public static CheckpointStorage open(String location, String job, S3Settings s3) {
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
        return S3CheckpointStorage.open(uri, job, s3);
      default:
        throw new IllegalArgumentException(
            "Checkpoint location " + location + " has an unknown scheme '" + scheme
                + "': use file:///path, a plain path, or s3://bucket/prefix");
    }
  }
}
