package io.solstice.engine.checkpoint;

import java.io.Serializable;

/**
 * How to reach S3 for checkpoints: each field null for the default (AWS's endpoint, us-east-1,
 * virtual-hosted addressing, the AWS SDK's default credentials chain).
 *
 * @param endpoint an S3-compatible server's URL, e.g. {@code http://127.0.0.1:9000}
 * @param region the region requests are signed for
 * @param pathStyle address buckets in the path ({@code endpoint/bucket/key}), as most
 *     S3-compatible servers want
 * @param accessKey with {@code secretKey}: static credentials instead of the default chain
 */
public record S3Settings(String endpoint, String region, boolean pathStyle, String accessKey, String secretKey)
    implements Serializable {
  public static S3Settings defaults() {
    return new S3Settings(null, null, false, null, null);
  }

  @Override
  public String toString() {
    // Never the secret.
    return "S3Settings[endpoint=" + endpoint + ", region=" + region + ", pathStyle=" + pathStyle
        + ", credentials=" + (accessKey == null ? "default chain" : "access key " + accessKey) + "]";
  }
}
