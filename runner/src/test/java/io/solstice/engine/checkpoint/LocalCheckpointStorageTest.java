package io.solstice.engine.checkpoint;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * A checkpoint in a directory is complete only with its manifest, written last and never replaced;
 * what is missing, truncated or altered is refused with the file's name.
 */
public class LocalCheckpointStorageTest {
  @Rule public final TemporaryFolder folder = new TemporaryFolder();

  private CheckpointStorage storage() {
    return CheckpointLocations.open(folder.getRoot().toURI().toString(), "job-1");
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static CheckpointManifest manifest(long id, StateHandle... states) {
    return new CheckpointManifest("job-1", id, 1_000 * id, "shape", List.of(states), List.of("1/0"));
  }

  @Test
  public void stateIsReadBackThroughTheManifestOnceCommitted() throws IOException {
    CheckpointStorage storage = storage();
    StateHandle a = storage.writeState(1, "stage-1-worker-0", bytes("alpha"));
    StateHandle b = storage.writeState(1, "stage-2-worker-1", bytes("beta"));
    assertTrue("nothing is complete before the manifest", storage.completed().isEmpty());

    storage.commit(manifest(1, a, b));

    assertEquals(List.of(1L), storage.completed());
    CheckpointManifest read = storage.manifest(1);
    assertEquals(List.of(a, b), read.states());
    assertEquals(9, read.totalBytes());
    assertArrayEquals(bytes("beta"), storage.readState(1, read.states().get(1)));
    assertTrue(Files.isDirectory(folder.getRoot().toPath().resolve("job-1").resolve("chk-1")));
  }

  @Test
  public void aCompleteCheckpointsManifestIsNeverReplaced() throws IOException {
    CheckpointStorage storage = storage();
    StateHandle a = storage.writeState(3, "w", bytes("x"));
    storage.commit(manifest(3, a));
    IOException refused = assertThrows(IOException.class, () -> storage.commit(manifest(3)));
    assertTrue(refused.getMessage(), refused.getMessage().contains("already complete"));
    assertEquals(List.of(a), storage.manifest(3).states());
  }

  @Test
  public void aTruncatedOrAlteredManifestIsRefusedNamingTheFile() throws IOException {
    CheckpointStorage storage = storage();
    storage.commit(manifest(2, storage.writeState(2, "w", bytes("x"))));
    Path file = folder.getRoot().toPath().resolve("job-1/chk-2/_manifest");
    byte[] whole = Files.readAllBytes(file);

    Files.write(file, java.util.Arrays.copyOf(whole, whole.length - 3));
    CheckpointCorruptException truncated = assertThrows(CheckpointCorruptException.class, () -> storage.manifest(2));
    assertTrue(truncated.getMessage(), truncated.getMessage().contains(file.toUri().toString()));

    whole[10] ^= 1;
    Files.write(file, whole);
    CheckpointCorruptException altered = assertThrows(CheckpointCorruptException.class, () -> storage.manifest(2));
    assertTrue(altered.getMessage(), altered.getMessage().contains("checksum"));
  }

  @Test
  public void aMissingOrChangedStateFileIsRefusedNamingIt() throws IOException {
    CheckpointStorage storage = storage();
    StateHandle handle = storage.writeState(4, "stage-1-worker-0", bytes("state"));
    storage.commit(manifest(4, handle));
    Path file = folder.getRoot().toPath().resolve("job-1/chk-4/stage-1-worker-0");

    Files.write(file, bytes("STATE"));
    CheckpointCorruptException changed =
        assertThrows(CheckpointCorruptException.class, () -> storage.readState(4, handle));
    assertTrue(changed.getMessage(), changed.getMessage().contains(file.toUri().toString()));

    Files.delete(file);
    CheckpointCorruptException missing =
        assertThrows(CheckpointCorruptException.class, () -> storage.readState(4, handle));
    assertTrue(missing.getMessage(), missing.getMessage().contains("is missing"));
  }

  @Test
  public void aCheckpointThatNeverCompletedHasNoManifestToRead() throws IOException {
    CheckpointStorage storage = storage();
    storage.writeState(5, "w", bytes("x"));
    assertTrue(storage.completed().isEmpty());
    CheckpointCorruptException missing = assertThrows(CheckpointCorruptException.class, () -> storage.manifest(5));
    assertTrue(missing.getMessage(), missing.getMessage().contains("never completed"));
  }

  @Test
  public void retentionKeepsTheNewestCompletedAndWhatIsStillBeingWritten() throws IOException {
    CheckpointStorage storage = storage();
    for (long id = 1; id <= 4; id++) {
      storage.commit(manifest(id, storage.writeState(id, "w", bytes("x" + id))));
    }
    storage.writeState(5, "w", bytes("in flight"));
    storage.writeState(6, "w", bytes("in flight"));
    storage.commit(manifest(6, storage.writeState(6, "v", bytes("y"))));
    storage.writeState(7, "w", bytes("in flight"));

    storage.retain(2);

    assertEquals(List.of(4L, 6L), storage.completed());
    Path root = folder.getRoot().toPath().resolve("job-1");
    assertFalse("older than the kept ones", Files.exists(root.resolve("chk-3")));
    assertFalse("abandoned: older than the newest complete one", Files.exists(root.resolve("chk-5")));
    assertTrue("still being written", Files.exists(root.resolve("chk-7")));
  }

  @Test
  public void locationsNameTheirProblem() {
    IllegalArgumentException scheme =
        assertThrows(IllegalArgumentException.class, () -> CheckpointLocations.open("hdfs://x/y", "job"));
    assertTrue(scheme.getMessage(), scheme.getMessage().contains("unknown scheme 'hdfs'"));
    assertThrows(IllegalArgumentException.class, () -> CheckpointLocations.open("/tmp/x", "../escape"));
    assertThrows(IllegalArgumentException.class, () -> new StateHandle("../w", 1, 1));
  }
}
