package io.solstice.runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.solstice.engine.checkpoint.S3Settings;
import java.net.URI;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.util.common.ReflectHelpers;

/**
 * The S3 settings a user gave Beam's Amazon Web Services v2 module ({@code --endpoint}, {@code
 * --awsRegion}, {@code --awsCredentialsProvider}), for the checkpoint store, so that S3 is set up
 * once for a job's files and its checkpoints. Read from the options' JSON, which holds them by
 * name, so the runner needs no AWS module on its classpath.
 */
final class BeamAwsSettings {
  private BeamAwsSettings() {}

  /** Beam's S3 settings, or null if none of them is set. */
  static S3Settings of(PipelineOptions options) {
    JsonNode values = json(options).path("options");
    String endpoint = text(values.get("endpoint"));
    String region = text(values.get("awsRegion"));
    JsonNode credentials = values.get("awsCredentialsProvider");
    String accessKey = null;
    String secretKey = null;
    // Static credentials only; with a session token (temporary credentials), which the checkpoint
    // store does not take, the SDK's default chain is used, as with any other provider.
    if (credentials != null
        && "StaticCredentialsProvider".equals(text(credentials.get("@type")))
        && text(credentials.get("sessionToken")) == null) {
      accessKey = text(credentials.get("accessKeyId"));
      secretKey = text(credentials.get("secretAccessKey"));
    }
    if (endpoint == null && region == null && accessKey == null) {
      return null;
    }
    return new S3Settings(endpoint, region, endpoint != null && isAddress(endpoint), accessKey, secretKey);
  }

  private static JsonNode json(PipelineOptions options) {
    ObjectMapper mapper = new ObjectMapper().registerModules(ObjectMapper.findModules(ReflectHelpers.findClassLoader()));
    return mapper.valueToTree(options);
  }

  private static String text(JsonNode node) {
    return node == null || node.isNull() || node.asText().isBlank() ? null : node.asText();
  }

  /**
   * Whether the endpoint names a host by address (or localhost), which virtual-hosted bucket
   * names cannot prefix: the checkpoint store then addresses buckets in the path (the AWS SDK,
   * which Beam's S3 file system uses, does so by itself for an IP address).
   */
  private static boolean isAddress(String endpoint) {
    String host = URI.create(endpoint).getHost();
    return host != null && (host.equals("localhost") || host.matches("[0-9.]+") || host.startsWith("["));
  }
}
