package io.solstice.runner;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Cancels a running job through its status server, whose address the job logs at its start
 * ("its status page is http://..."):
 *
 * <pre>java -cp solstice-examples.jar io.solstice.runner.CancelJob http://127.0.0.1:41234/</pre>
 */
public final class CancelJob {
  private CancelJob() {}

  public static void main(String[] args) throws InterruptedException {
    if (args.length != 1) {
      System.err.println("Usage: CancelJob <the job's status page address, as its log gives it>");
      System.exit(2);
    }
    try {
      System.out.println(cancel(args[0]));
    } catch (IOException | IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(1);
    }
  }

  /** Asks the job's status server to cancel it; returns its answer. */
  static String cancel(String statusUrl) throws IOException, InterruptedException {
    URI page = URI.create(statusUrl.endsWith("/") ? statusUrl : statusUrl + "/");
    HttpRequest request =
        HttpRequest.newBuilder(page.resolve("api/cancel"))
            .header("X-Requested-By", "solstice-cancel-job")
            .timeout(Duration.ofSeconds(30))
            .POST(HttpRequest.BodyPublishers.noBody())
            .build();
    HttpResponse<String> response;
    try {
      response = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build().send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IOException(
          "No status server answers at " + page + " (" + e + "): the job has ended, or the address is not its"
              + " status page (its log gives it at the start).",
          e);
    }
    if (response.statusCode() != 200) {
      throw new IOException("The status server at " + page + " refused to cancel: HTTP " + response.statusCode() + " " + response.body());
    }
    return "Cancelling: " + response.body();
  }
}
