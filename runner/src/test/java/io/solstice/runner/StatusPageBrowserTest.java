package io.solstice.runner;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.beam.sdk.PipelineResult;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The status page of a running job in a real browser: headless Chromium (Debian's, installed by
 * scripts/install-chromium.sh during the build) loads it and runs its script; the stage graph,
 * live counters, the user's metric and the checkpoints are on the page, and the counters move
 * between two loads. A screenshot goes to target/status-page.png.
 */
public class StatusPageBrowserTest {
  private static final Pattern STAGE =
      Pattern.compile("<g class=\"stage\" data-stage=\"\\d+\"[^>]*><title>([^<]*)</title>.*?class=\"elements-in\"[^>]*>in ([0-9,]+)");

  @Rule public TemporaryFolder folder = new TemporaryFolder();

  @Test(timeout = 180_000)
  public void chromiumShowsTheStageGraphWithCountersThatMove() throws Exception {
    String chromium = chromium();
    SolsticePipelineResult result =
        (SolsticePipelineResult) StatusServerTest.tickingJob(folder.newFolder("checkpoints").toURI().toString()).run();
    try {
      long deadline = System.currentTimeMillis() + 60_000;
      while (result.completedCheckpoints() < 2 && System.currentTimeMillis() < deadline) {
        Thread.sleep(100);
      }
      String url = result.statusUrl();
      String first = render(chromium, "--dump-dom", url);
      assertTrue("the job's state: " + first, first.contains(">RUNNING<"));
      assertTrue("the user's metric", first.contains("StatusServerTest:ticks"));
      assertTrue("the checkpoints", first.contains("completed; the latest:"));
      assertTrue("the charts (uPlot) of rates and workers", first.split("class=\"uplot").length - 1 == 2);
      long before = ticksStageIn(first);
      Thread.sleep(2_000);
      String second = render(chromium, "--dump-dom", url);
      long after = ticksStageIn(second);
      assertTrue("the counters move: " + before + " then " + after, after > before && before > 0);

      Path screenshot = Paths.get("target", "status-page.png").toAbsolutePath();
      Files.deleteIfExists(screenshot);
      render(chromium, "--screenshot=" + screenshot, url);
      assertTrue("a screenshot of the page at " + screenshot, Files.size(screenshot) > 10_000);
    } finally {
      result.cancel();
    }
    assertEquals(PipelineResult.State.CANCELLED, result.getState());
  }

  /** The elements into the stage that counts the ticks, as the page shows them (its tooltip lists its steps). */
  private static long ticksStageIn(String dom) {
    Matcher stages = STAGE.matcher(dom);
    List<String> seen = new ArrayList<>();
    while (stages.find()) {
      seen.add(stages.group(1));
      if (stages.group(1).contains("CountTicks")) {
        return Long.parseLong(stages.group(2).replace(",", ""));
      }
    }
    throw new AssertionError("no CountTicks stage among the page's stages " + seen + ":\n" + dom);
  }

  /**
   * Loads {@code url} in headless Chromium, lets its script run for 3 s of the page's time, and
   * returns what Chromium printed ({@code --dump-dom}: the page as its script left it).
   */
  private String render(String chromium, String what, String url) throws IOException, InterruptedException {
    Path profile = folder.newFolder().toPath();
    List<String> command =
        List.of(
            chromium,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--user-data-dir=" + profile,
            "--window-size=1400,1100",
            "--virtual-time-budget=3000",
            what,
            url);
    Path output = folder.newFile().toPath();
    Process process = new ProcessBuilder(command).redirectErrorStream(false).redirectOutput(output.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      fail("Chromium did not finish loading " + url + " within 60 s");
    }
    assertEquals("Chromium's exit code", 0, process.exitValue());
    return new String(Files.readAllBytes(output), StandardCharsets.UTF_8);
  }

  private static String chromium() {
    for (String candidate : new String[] {System.getenv("CHROMIUM"), "/usr/bin/chromium", "/usr/bin/chromium-browser"}) {
      if (candidate != null && Files.isExecutable(Paths.get(candidate))) {
        return candidate;
      }
    }
    throw new AssertionError(
        "No Chromium found: the build installs Debian's with scripts/install-chromium.sh (as root), or set CHROMIUM to one");
  }
}
