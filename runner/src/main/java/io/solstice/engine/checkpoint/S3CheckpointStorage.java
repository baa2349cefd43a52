package io.solstice.engine.checkpoint;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.Delete;
import software.amazon.awssdk.services.s3.model.DeleteObjectsRequest;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadBucketRequest;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Checkpoints in an S3 bucket (or an S3-compatible server) through AWS SDK v2: {@code
 * <prefix>/<job>/chk-<id>/<state file>} and {@code _manifest} written last with a conditional put
 * ({@code If-None-Match: *}), which S3 refuses if a manifest is already there, so a checkpoint is
 * complete exactly when its manifest exists and is never completed twice. Errors name the bucket
 * and key.
 */
public final class S3CheckpointStorage implements CheckpointStorage {
  private static final Pattern CHECKPOINT_KEY = Pattern.compile(".*/chk-(\\d+)/([^/]+)");

  private final S3Client s3;
  private final String bucket;
  private final String root;

  private S3CheckpointStorage(S3Client s3, String bucket, String root) {
    this.s3 = s3;
    this.bucket = bucket;
    this.root = root;
  }

  /**
   * Opens {@code s3://bucket/prefix} for {@code job}. Checks that the bucket is there and
   * reachable, so a wrong bucket, endpoint or credentials fail here, naming them.
   */
  public static S3CheckpointStorage open(URI location, String job, S3Settings settings) {
    String bucket = location.getHost();
    if (bucket == null || bucket.isEmpty()) {
      throw new IllegalArgumentException("Checkpoint location " + location + " names no bucket: use s3://bucket/prefix");
    }
    String prefix = location.getPath() == null ? "" : location.getPath().replaceAll("^/+|/+$", "");
    String root = (prefix.isEmpty() ? "" : prefix + "/") + job;
    S3Client s3 = client(settings);
    try {
      s3.headBucket(HeadBucketRequest.builder().bucket(bucket).build());
    } catch (SdkException e) {
      s3.close();
      throw new IllegalArgumentException(
          "Checkpoint location " + location + ": bucket '" + bucket + "' cannot be reached with " + settings + ": "
              + e.getMessage() + ". Check the bucket, --s3Endpoint, --s3Region and the credentials.",
          e);
    }
    return new S3CheckpointStorage(s3, bucket, root);
  }

  /** The job directories (key prefixes) under {@code s3://bucket/prefix}. */
  static List<String> jobs(URI location, S3Settings settings) throws IOException {
    String bucket = location.getHost();
    String prefix = location.getPath() == null ? "" : location.getPath().replaceAll("^/+|/+$", "");
    String under = prefix.isEmpty() ? "" : prefix + "/";
    List<String> jobs = new ArrayList<>();
    try (S3Client s3 = client(settings)) {
      String token = null;
      do {
        ListObjectsV2Response page =
            s3.listObjectsV2(
                ListObjectsV2Request.builder().bucket(bucket).prefix(under).delimiter("/").continuationToken(token).build());
        page.commonPrefixes().forEach(p -> jobs.add(p.prefix().substring(under.length()).replaceAll("/+$", "")));
        token = page.isTruncated() ? page.nextContinuationToken() : null;
      } while (token != null);
    } catch (SdkException e) {
      throw new IOException("Could not list " + location + ": " + e.getMessage(), e);
    }
    return jobs;
  }

  private static S3Client client(S3Settings settings) {
    S3ClientBuilder builder = S3Client.builder().httpClientBuilder(UrlConnectionHttpClient.builder());
    if (settings.endpoint() != null) {
      builder.endpointOverride(URI.create(settings.endpoint()));
    }
    builder.region(Region.of(settings.region() != null ? settings.region() : "us-east-1"));
    builder.forcePathStyle(settings.pathStyle());
    builder.credentialsProvider(
        settings.accessKey() != null
            ? StaticCredentialsProvider.create(AwsBasicCredentials.create(settings.accessKey(), settings.secretKey()))
            : DefaultCredentialsProvider.builder().build());
    return builder.build();
  }

  @Override
  public String describe() {
    return "s3://" + bucket + "/" + root + "/";
  }

  private String key(long checkpointId, String name) {
    return root + "/chk-" + checkpointId + "/" + name;
  }

  private String uri(String key) {
    return "s3://" + bucket + "/" + key;
  }

  @Override
  public StateHandle writeState(long checkpointId, String name, byte[] data) throws IOException {
    StateHandle handle = StateHandle.of(name, data);
    String key = key(checkpointId, name);
    try {
      s3.putObject(PutObjectRequest.builder().bucket(bucket).key(key).build(), RequestBody.fromBytes(data));
    } catch (SdkException e) {
      throw new IOException("Could not write " + uri(key) + ": " + e.getMessage(), e);
    }
    return handle;
  }

  @Override
  public void commit(CheckpointManifest manifest) throws IOException {
    String key = key(manifest.checkpointId(), CheckpointManifest.FILE_NAME);
    byte[] bytes = manifest.toBytes();
    try {
      s3.putObject(
          PutObjectRequest.builder().bucket(bucket).key(key).ifNoneMatch("*").build(), RequestBody.fromBytes(bytes));
    } catch (S3Exception e) {
      if (e.statusCode() == 412) {
        // The SDK retries a put whose answer was lost; then the manifest there is this one.
        if (Arrays.equals(bytes, get(key, "Checkpoint manifest " + uri(key) + " vanished"))) {
          return;
        }
        throw new IOException(
            "Checkpoint " + manifest.checkpointId() + " at " + uri(key) + " is already complete; its manifest is never replaced", e);
      }
      throw new IOException("Could not write " + uri(key) + ": " + e.getMessage(), e);
    } catch (SdkException e) {
      throw new IOException("Could not write " + uri(key) + ": " + e.getMessage(), e);
    }
  }

  /** Per checkpoint id, whether its manifest is there; from one listing of the job's keys. */
  private Map<Long, Boolean> checkpoints() throws IOException {
    Map<Long, Boolean> found = new TreeMap<>();
    try {
      String token = null;
      do {
        ListObjectsV2Response page =
            s3.listObjectsV2(
                ListObjectsV2Request.builder().bucket(bucket).prefix(root + "/chk-").continuationToken(token).build());
        for (S3Object object : page.contents()) {
          Matcher matcher = CHECKPOINT_KEY.matcher(object.key());
          if (matcher.matches()) {
            long id = Long.parseLong(matcher.group(1));
            found.merge(id, CheckpointManifest.FILE_NAME.equals(matcher.group(2)), Boolean::logicalOr);
          }
        }
        token = page.isTruncated() ? page.nextContinuationToken() : null;
      } while (token != null);
    } catch (SdkException e) {
      throw new IOException("Could not list " + describe() + ": " + e.getMessage(), e);
    }
    return found;
  }

  @Override
  public List<Long> completed() throws IOException {
    return completed(checkpoints());
  }

  /** The complete ones of a listing, oldest first. */
  private static List<Long> completed(Map<Long, Boolean> checkpoints) {
    List<Long> ids = new ArrayList<>();
    checkpoints.forEach(
        (id, complete) -> {
          if (complete) {
            ids.add(id);
          }
        });
    return ids;
  }

  @Override
  public long highestId() throws IOException {
    TreeSet<Long> ids = new TreeSet<>(checkpoints().keySet());
    return ids.isEmpty() ? 0 : ids.last();
  }

  private byte[] get(String key, String missing) throws IOException {
    try {
      return s3.getObjectAsBytes(GetObjectRequest.builder().bucket(bucket).key(key).build()).asByteArray();
    } catch (NoSuchKeyException e) {
      throw new CheckpointCorruptException(missing, e);
    } catch (SdkException e) {
      throw new IOException("Could not read " + uri(key) + ": " + e.getMessage(), e);
    }
  }

  @Override
  public CheckpointManifest manifest(long checkpointId) throws IOException {
    String key = key(checkpointId, CheckpointManifest.FILE_NAME);
    byte[] bytes =
        get(key, "Checkpoint " + checkpointId + " has no manifest " + uri(key) + ": it never completed, or its files were removed");
    CheckpointManifest manifest = CheckpointManifest.fromBytes(bytes, uri(key));
    if (manifest.checkpointId() != checkpointId) {
      throw new CheckpointCorruptException(
          "Checkpoint manifest " + uri(key) + " names checkpoint " + manifest.checkpointId() + ", not " + checkpointId);
    }
    return manifest;
  }

  @Override
  public byte[] readState(long checkpointId, StateHandle handle) throws IOException {
    String key = key(checkpointId, handle.name());
    byte[] data = get(key, "State file " + uri(key) + " of checkpoint " + checkpointId + " is missing");
    handle.check(data, uri(key), checkpointId);
    return data;
  }

  @Override
  public void retain(int retained) throws IOException {
    Map<Long, Boolean> all = checkpoints();
    for (long id : Retention.toDelete(all.keySet(), completed(all), retained)) {
      delete(id);
    }
  }

  /** The manifest goes first: from then on the checkpoint is no longer complete. */
  private void delete(long checkpointId) throws IOException {
    try {
      s3.deleteObject(b -> b.bucket(bucket).key(key(checkpointId, CheckpointManifest.FILE_NAME)));
      List<ObjectIdentifier> keys = new ArrayList<>();
      String token = null;
      do {
        ListObjectsV2Response page =
            s3.listObjectsV2(
                ListObjectsV2Request.builder()
                    .bucket(bucket)
                    .prefix(root + "/chk-" + checkpointId + "/")
                    .continuationToken(token)
                    .build());
        page.contents().forEach(o -> keys.add(ObjectIdentifier.builder().key(o.key()).build()));
        token = page.isTruncated() ? page.nextContinuationToken() : null;
      } while (token != null);
      for (int from = 0; from < keys.size(); from += 1000) {
        List<ObjectIdentifier> batch = keys.subList(from, Math.min(keys.size(), from + 1000));
        s3.deleteObjects(
            DeleteObjectsRequest.builder().bucket(bucket).delete(Delete.builder().objects(batch).build()).build());
      }
    } catch (SdkException e) {
      throw new IOException("Could not delete checkpoint " + checkpointId + " under " + describe() + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    s3.close();
  }
}
