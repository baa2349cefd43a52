package io.solstice.examples;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThan;
import static org.junit.Assert.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Each pipeline runs on DirectRunner and on SolsticeRunner (embedded default: in-process
 * transport), writing text files; the two outputs, sorted, must be equal line for line.
 */
public class SameAsDirectRunnerTest {
  @Rule public final TemporaryFolder folder = new TemporaryFolder();

  private void assertSameOutput(PipelineShapes.Shape shape, int minimumLines) throws IOException {
    Path root = folder.getRoot().toPath();
    List<String> direct = PipelineOutputs.run(root.resolve("direct"), shape, "--runner=DirectRunner");
    List<String> solstice =
        PipelineOutputs.run(root.resolve("solstice"), shape, "--runner=SolsticeRunner", "--parallelism=2");
    assertThat("the pipeline produced output", direct.size(), greaterThan(minimumLines - 1));
    assertEquals(direct, solstice);
  }

  @Test
  public void wordCountOfTheShippedText() throws IOException {
    assertSameOutput(PipelineShapes::wordCountOfTheShippedText, 300);
  }

  @Test
  public void joinWithCoGroupByKey() throws IOException {
    assertSameOutput(PipelineShapes::joinWithCoGroupByKey, 600);
  }

  @Test
  public void liftedCombinesInWindows() throws IOException {
    assertSameOutput(PipelineShapes::liftedCombinesInWindows, 100);
  }

  @Test
  public void sideInputsSingletonAndMapPerWindow() throws IOException {
    assertSameOutput(PipelineShapes::sideInputsSingletonAndMapPerWindow, 3000);
  }
}
