package io.solstice.engine.checkpoint;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.junit.ClassRule;
import org.junit.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Checkpoints on a real S3-compatible server (s3proxy on 127.0.0.1): the manifest is written last
 * with a conditional put that refuses another one (a retry of the same one is no change), retention deletes older checkpoints, and a
 * corrupt manifest, a missing or altered state file, a missing bucket and wrong credentials each
 * fail with an error naming them.
 */
public class S3CheckpointStorageTest {
  @ClassRule public static final S3ProxyServer S3 = new S3ProxyServer();

  private final String job = "job-" + UUID.randomUUID().toString().substring(0, 8);

  private CheckpointStorage storage() {
    return CheckpointLocations.open("s3://" + S3ProxyServer.BUCKET + "/prefix", job, S3.settings());
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static CheckpointManifest manifest(long id, StateHandle... states) {
    return new CheckpointManifest("job", id, 1_000 * id, "shape", List.of(states), List.of("2/0"));
  }

  private S3Client client() {
    return S3Client.builder()
        .httpClientBuilder(UrlConnectionHttpClient.builder())
        .endpointOverride(URI.create(S3.endpoint()))
        .forcePathStyle(true)
        .region(Region.US_EAST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create(S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY)))
        .build();
  }

  @Test
  public void aCheckpointIsCompleteOnceItsManifestIsWrittenAndNeverCompletedTwice() throws IOException {
    CheckpointStorage storage = storage();
    StateHandle a = storage.writeState(1, "stage-1-worker-0", bytes("state a"));
    assertEquals(List.of(), storage.completed());
    assertEquals("a checkpoint being written counts for numbering", 1, storage.highestId());
    storage.commit(manifest(1, a));
    assertEquals(List.of(1L), storage.completed());
    assertEquals(manifest(1, a), storage.manifest(1));
    assertArrayEquals(bytes("state a"), storage.readState(1, a));
    storage.commit(manifest(1, a));
    // The same manifest again (a retried put) is no change; another one is refused.
    CheckpointManifest other = new CheckpointManifest("job", 1, 5, "shape", List.of(a), List.of());
    IOException again = assertThrows(IOException.class, () -> storage.commit(other));
    assertThat(again.getMessage(), containsString("already complete"));
    assertEquals(manifest(1, a), storage.manifest(1));
  }

  @Test
  public void retentionKeepsTheNewestAndDeletesTheRest() throws IOException {
    CheckpointStorage storage = storage();
    for (long id = 1; id <= 4; id++) {
      StateHandle state = storage.writeState(id, "stage-1-worker-0", bytes("state " + id));
      storage.commit(manifest(id, state));
    }
    storage.writeState(5, "stage-1-worker-0", bytes("in flight"));
    storage.retain(2);
    assertEquals(List.of(3L, 4L), storage.completed());
    assertEquals("the checkpoint still being written is left alone", 5, storage.highestId());
  }

  @Test
  public void aCorruptManifestOrAMissingOrAlteredStateFileIsRefusedNamingIt() throws IOException {
    CheckpointStorage storage = storage();
    StateHandle state = storage.writeState(1, "stage-1-worker-0", bytes("state"));
    storage.commit(manifest(1, state));
    String dir = "prefix/" + job + "/chk-1/";
    try (S3Client s3 = client()) {
      s3.putObject(b -> b.bucket(S3ProxyServer.BUCKET).key(dir + "stage-1-worker-0"), RequestBody.fromBytes(bytes("statf")));
      CheckpointCorruptException altered =
          assertThrows(CheckpointCorruptException.class, () -> storage.readState(1, state));
      assertThat(altered.getMessage(), containsString("s3://checkpoints/" + dir + "stage-1-worker-0"));
      assertThat(altered.getMessage(), containsString("another checksum"));

      s3.deleteObject(b -> b.bucket(S3ProxyServer.BUCKET).key(dir + "stage-1-worker-0"));
      CheckpointCorruptException missing =
          assertThrows(CheckpointCorruptException.class, () -> storage.readState(1, state));
      assertThat(missing.getMessage(), containsString("is missing"));

      s3.putObject(b -> b.bucket(S3ProxyServer.BUCKET).key(dir + "_manifest"), RequestBody.fromBytes(bytes("garbage!")));
    }
    CheckpointCorruptException corrupt = assertThrows(CheckpointCorruptException.class, () -> storage.manifest(1));
    assertThat(corrupt.getMessage(), containsString("s3://checkpoints/" + dir + "_manifest"));
  }

  @Test
  public void aMissingBucketOrWrongCredentialsFailAtOnceNamingThem() {
    IllegalArgumentException bucket =
        assertThrows(
            IllegalArgumentException.class,
            () -> CheckpointLocations.open("s3://no-such-bucket/prefix", job, S3.settings()));
    assertThat(bucket.getMessage(), containsString("no-such-bucket"));

    S3Settings wrong = new S3Settings(S3.endpoint(), "us-east-1", true, S3ProxyServer.ACCESS_KEY, "not-the-secret");
    IllegalArgumentException credentials =
        assertThrows(
            IllegalArgumentException.class,
            () -> CheckpointLocations.open("s3://" + S3ProxyServer.BUCKET + "/prefix", job, wrong));
    assertThat(credentials.getMessage(), containsString("credentials"));
  }

  @Test
  public void latestFindsTheNewestCompletedCheckpointOfAnyJobUnderTheLocation() throws IOException {
    String location = "s3://" + S3ProxyServer.BUCKET + "/latest-" + job;
    CheckpointStorage older = CheckpointLocations.open(location, "older", S3.settings());
    older.commit(new CheckpointManifest("older", 7, 1_000, "shape", List.of(), List.of()));
    CheckpointStorage newer = CheckpointLocations.open(location, "newer", S3.settings());
    newer.commit(new CheckpointManifest("newer", 3, 2_000, "shape", List.of(), List.of()));
    CheckpointRef latest = CheckpointLocations.find("latest", location, S3.settings());
    assertEquals("newer", latest.job());
    assertEquals(3, latest.id());
    CheckpointRef named = CheckpointLocations.find(location + "/older/chk-7", location, S3.settings());
    assertEquals("older", named.job());
    assertEquals(7, named.id());
  }
}
