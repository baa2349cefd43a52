package io.solstice.engine.checkpoint;

import java.net.URI;
import java.util.Properties;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.junit.rules.ExternalResource;

/**
 * A real S3-compatible server (s3proxy, in memory) in this JVM on 127.0.0.1, for a test class
 * ({@code @ClassRule}), with one bucket, {@link #BUCKET}, and static credentials.
 */
public final class S3ProxyServer extends ExternalResource {
  public static final String BUCKET = "checkpoints";
  public static final String ACCESS_KEY = "access";
  public static final String SECRET_KEY = "secret";

  private S3Proxy proxy;
  private BlobStore store;

  @Override
  protected void before() throws Exception {
    store = BlobStores.create("transient-nio2", new Properties());
    store.createContainer(BUCKET);
    proxy =
        S3Proxy.builder()
            .blobStore(store)
            .endpoint(URI.create("http://127.0.0.1:0"))
            .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
            .build();
    proxy.start();
    long deadline = System.currentTimeMillis() + 30_000;
    while (!"STARTED".equals(proxy.getState())) {
      if (System.currentTimeMillis() > deadline) {
        throw new IllegalStateException("s3proxy did not start within 30 s: " + proxy.getState());
      }
      Thread.sleep(5);
    }
  }

  @Override
  protected void after() {
    try {
      proxy.stop();
    } catch (Exception e) {
      throw new IllegalStateException("s3proxy did not stop", e);
    }
  }

  /**
   * Deletes the bucket with what it holds: every request to it fails from now on. Writes going on
   * meanwhile can make a deletion fail (a directory no longer empty), or, having passed the
   * bucket's existence check just before it, make the directory again after it; so it is deleted
   * until it has stayed gone for a while.
   */
  public void dropBucket() throws InterruptedException {
    long deadline = System.currentTimeMillis() + 20_000;
    long goneSince = 0;
    RuntimeException last = null;
    while (System.currentTimeMillis() < deadline) {
      if (store.containerExists(BUCKET)) {
        goneSince = 0;
        try {
          store.deleteContainer(BUCKET);
        } catch (RuntimeException e) {
          last = e;
        }
      } else if (goneSince == 0) {
        goneSince = System.currentTimeMillis();
      } else if (System.currentTimeMillis() - goneSince >= 500) {
        return;
      }
      Thread.sleep(20);
    }
    throw new IllegalStateException("The bucket " + BUCKET + " would not stay deleted", last);
  }

  /** Makes the bucket again, empty (if writes had not made it again already). */
  public void restoreBucket() {
    if (!store.containerExists(BUCKET)) {
      store.createContainer(BUCKET);
    }
  }

  public String endpoint() {
    return "http://127.0.0.1:" + proxy.getPort();
  }

  /** Settings that reach this server. */
  public S3Settings settings() {
    return new S3Settings(endpoint(), "us-east-1", true, ACCESS_KEY, SECRET_KEY);
  }
}
