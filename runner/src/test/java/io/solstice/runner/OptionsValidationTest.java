package io.solstice.runner;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.Assert.assertThrows;

import java.io.File;
import java.io.IOException;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.Test;

/** Bad options are refused before anything runs, with the option and the fix named. */
public class OptionsValidationTest {

  private static String refusal(String... args) {
    PipelineOptions options = PipelineOptionsFactory.fromArgs(args).create();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Pipeline.create(options));
    return e.getMessage();
  }

  @Test
  public void zeroParallelism() {
    String message = refusal("--runner=SolsticeRunner", "--parallelism=0");
    assertThat(message, containsString("--parallelism=0"));
    assertThat(message, containsString("at least 1"));
  }

  @Test
  public void parallelismAboveTheKeyGroups() {
    String message = refusal("--runner=SolsticeRunner", "--parallelism=16", "--maxParallelism=8");
    assertThat(message, containsString("--maxParallelism=8"));
    assertThat(message, containsString("raise --maxParallelism or lower --parallelism"));
  }

  @Test
  public void tinySplits() {
    assertThat(refusal("--runner=SolsticeRunner", "--targetSplitBytes=10"), containsString("between 1 KiB and 64 MiB"));
  }

  @Test
  public void clusterModeWithTheInProcessTransport() {
    assertThat(refusal("--runner=SolsticeRunner", "--rayMode=CLUSTER"), containsString("--rayMode=LOCAL"));
  }

  @Test
  public void stateDirectoryThatIsAFile() throws IOException {
    File file = File.createTempFile("solstice", ".state");
    file.deleteOnExit();
    String message = refusal("--runner=SolsticeRunner", "--stateDirectory=" + file);
    assertThat(message, containsString("--stateDirectory=" + file));
    assertThat(message, containsString("writable directory"));
  }
}
