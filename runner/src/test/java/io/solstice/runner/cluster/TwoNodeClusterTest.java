package io.solstice.runner.cluster;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.hasItem;

import io.solstice.runner.SolsticePipelineOptions;
import io.solstice.runner.SolsticePipelineResult;
import io.solstice.runner.SolsticeRunner;
import io.solstice.runner.testing.DifferentialRun;
import io.solstice.runner.testing.LinesSink;
import io.solstice.runner.testing.PipelineFamilies;
import io.solstice.runner.testing.RayClusterRule;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.ParDo;
import org.junit.ClassRule;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Two Ray nodes on one machine, each with one CPU (a head on 127.0.0.2, a node on 127.0.0.3): a
 * job of two one-CPU executors runs with one executor on each node, and its output is
 * DirectRunner's. The job is not tied to one raylet.
 */
public class TwoNodeClusterTest {
  private static final Pattern NODE = Pattern.compile(" on (127\\.0\\.0\\.\\d+)");
  @ClassRule
  public static final RayClusterRule CLUSTER = RayClusterRule.withHead(1).withNode("127.0.0.3", 1);

  @Rule public final TemporaryFolder folder = new TemporaryFolder();

  @Test(timeout = 300_000)
  public void aJobRunsItsExecutorsOnBothNodes() throws Exception {
    Path root = folder.getRoot().toPath();
    List<String> expected = DifferentialRun.run(root.resolve("direct"), PipelineFamilies::coGroupByKeyJoin, "--runner=DirectRunner");
    SolsticePipelineOptions options =
        PipelineOptionsFactory.fromArgs(CLUSTER.jobArgs("--parallelism=2"))
            .as(SolsticePipelineOptions.class);
    options.setRunner(SolsticeRunner.class);
    Pipeline pipeline = Pipeline.create(options);
    Path out = root.resolve("solstice");
    java.nio.file.Files.createDirectories(out);
    PipelineFamilies.coGroupByKeyJoin(pipeline).apply(ParDo.of(new LinesSink(out)));
    SolsticePipelineResult result = (SolsticePipelineResult) pipeline.run();
    List<String> nodes = new ArrayList<>();
    for (String executor : result.executors()) {
      Matcher matcher = NODE.matcher(executor);
      nodes.add(matcher.find() ? matcher.group(1) : executor);
    }
    if (result.waitUntilFinish() != PipelineResult.State.DONE) {
      throw new AssertionError("The job did not succeed");
    }
    assertThat(nodes, hasItem("127.0.0.2"));
    assertThat(nodes, hasItem("127.0.0.3"));
    DifferentialRun.assertSameLines(expected, DifferentialRun.readLines(out));
  }
}
