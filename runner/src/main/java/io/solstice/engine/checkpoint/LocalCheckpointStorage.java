package io.solstice.engine.checkpoint;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Checkpoints in a directory: {@code chk-<id>/} per checkpoint, its state files, and {@code
 * _manifest} written last. The manifest goes in with a hard link from a temporary file, which is
 * atomic and fails if one is already there (a put-if-absent), so two writers can never both
 * complete the same checkpoint and a reader never sees half a manifest. Every process of the job
 * must see the directory: one machine, or a shared file system.
 */
public final class LocalCheckpointStorage implements CheckpointStorage {
  private static final Pattern CHECKPOINT_DIR = Pattern.compile("chk-(\\d+)");

  private final Path root;

  public LocalCheckpointStorage(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  @Override
  public String describe() {
    return root.toUri().toString();
  }

  private Path dir(long checkpointId) {
    return root.resolve("chk-" + checkpointId);
  }

  @Override
  public StateHandle writeState(long checkpointId, String name, byte[] data) throws IOException {
    StateHandle handle = StateHandle.of(name, data);
    Path dir = Files.createDirectories(dir(checkpointId));
    Path temporary = Files.createTempFile(dir, ".writing-", ".tmp");
    try {
      Files.write(temporary, data);
      Files.move(temporary, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(temporary);
    }
    return handle;
  }

  @Override
  public void commit(CheckpointManifest manifest) throws IOException {
    Path dir = Files.createDirectories(dir(manifest.checkpointId()));
    Path target = dir.resolve(CheckpointManifest.FILE_NAME);
    Path temporary = Files.createTempFile(dir, ".manifest-", ".tmp");
    try {
      Files.write(temporary, manifest.toBytes());
      Files.createLink(target, temporary);
    } catch (FileAlreadyExistsException e) {
      throw new IOException(
          "Checkpoint " + manifest.checkpointId() + " at " + dir.toUri() + " is already complete;"
              + " its manifest is never replaced", e);
    } finally {
      Files.deleteIfExists(temporary);
    }
  }

  @Override
  public List<Long> completed() throws IOException {
    List<Long> ids = new ArrayList<>();
    for (long id : checkpointDirs()) {
      if (Files.exists(dir(id).resolve(CheckpointManifest.FILE_NAME))) {
        ids.add(id);
      }
    }
    return ids;
  }

  @Override
  public long highestId() throws IOException {
    List<Long> ids = checkpointDirs();
    return ids.isEmpty() ? 0 : ids.get(ids.size() - 1);
  }

  /** Every checkpoint directory's id, complete or not, in ascending order. */
  private List<Long> checkpointDirs() throws IOException {
    List<Long> ids = new ArrayList<>();
    if (!Files.isDirectory(root)) {
      return ids;
    }
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root)) {
      for (Path dir : dirs) {
        Matcher matcher = CHECKPOINT_DIR.matcher(dir.getFileName().toString());
        if (matcher.matches() && Files.isDirectory(dir)) {
          ids.add(Long.parseLong(matcher.group(1)));
        }
      }
    }
    ids.sort(Comparator.naturalOrder());
    return ids;
  }

  @Override
  public CheckpointManifest manifest(long checkpointId) throws IOException {
    Path file = dir(checkpointId).resolve(CheckpointManifest.FILE_NAME);
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new CheckpointCorruptException(
          "Checkpoint " + checkpointId + " has no manifest " + file.toUri()
              + ": it never completed, or its files were removed", e);
    }
    CheckpointManifest manifest = CheckpointManifest.fromBytes(bytes, file.toUri().toString());
    if (manifest.checkpointId() != checkpointId) {
      throw new CheckpointCorruptException(
          "Checkpoint manifest " + file.toUri() + " names checkpoint " + manifest.checkpointId()
              + ", not " + checkpointId);
    }
    return manifest;
  }

  @Override
  public byte[] readState(long checkpointId, StateHandle handle) throws IOException {
    Path file = dir(checkpointId).resolve(handle.name());
    byte[] data;
    try {
      data = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new CheckpointCorruptException(
          "State file " + file.toUri() + " of checkpoint " + checkpointId + " is missing", e);
    }
    handle.check(data, file.toUri().toString(), checkpointId);
    return data;
  }

  @Override
  public void retain(int retained) throws IOException {
    for (long id : Retention.toDelete(checkpointDirs(), completed(), retained)) {
      deleteTree(dir(id));
    }
  }

  /** The manifest goes first: from then on the checkpoint is no longer complete. */
  private static void deleteTree(Path dir) throws IOException {
    Files.deleteIfExists(dir.resolve(CheckpointManifest.FILE_NAME));
    try (Stream<Path> paths = Files.walk(dir)) {
      List<Path> all = paths.sorted(Comparator.reverseOrder()).toList();
      for (Path path : all) {
        Files.deleteIfExists(path);
      }
    }
  }
}
