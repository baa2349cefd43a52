package io.solstice.io.files;

import io.solstice.engine.checkpoint.S3ProxyServer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.S3Object;

/** Reads what a job left in the test's s3proxy bucket, with the AWS SDK, outside any pipeline. */
final class S3Objects implements AutoCloseable {
  private final S3Client client;

  S3Objects(URI endpoint) {
    this.client =
        S3Client.builder()
            .endpointOverride(endpoint)
            .region(Region.US_EAST_1)
            .forcePathStyle(true)
            .credentialsProvider(
                StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY)))
            .build();
  }

  /** The keys under {@code prefix} in the bucket, relative to it, sorted. */
  List<String> keys(String prefix) {
    List<String> keys = new ArrayList<>();
    ListObjectsV2Request request = ListObjectsV2Request.builder().bucket(S3ProxyServer.BUCKET).prefix(prefix).build();
    for (S3Object object : client.listObjectsV2Paginator(request).contents()) {
      keys.add(object.key().substring(prefix.length()));
    }
    keys.sort(null);
    return keys;
  }

  /** Per object under {@code prefix} (relative name), its lines sorted. */
  Map<String, List<String>> linesByObject(String prefix) {
    Map<String, List<String>> objects = new TreeMap<>();
    for (String key : keys(prefix)) {
      String text =
          client.getObjectAsBytes(b -> b.bucket(S3ProxyServer.BUCKET).key(prefix + key)).asString(StandardCharsets.UTF_8);
      List<String> lines = new ArrayList<>(Arrays.asList(text.split("\n", -1)));
      lines.removeIf(String::isEmpty);
      lines.sort(null);
      objects.put(key, lines);
    }
    return objects;
  }

  /** Every line of every object under {@code prefix}, sorted. */
  List<String> lines(String prefix) {
    List<String> lines = new ArrayList<>();
    linesByObject(prefix).values().forEach(lines::addAll);
    lines.sort(null);
    return lines;
  }

  @Override
  public void close() {
    client.close();
  }
}
