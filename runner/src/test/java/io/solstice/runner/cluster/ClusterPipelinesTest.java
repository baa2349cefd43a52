package io.solstice.runner.cluster;

import io.solstice.runner.testing.DifferentialRun;
import io.solstice.runner.testing.PipelineFamilies;
import io.solstice.runner.testing.RayClusterRule;
import java.io.IOException;
import org.junit.ClassRule;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Beam pipelines on a real multi-process Ray cluster (a head started by the test, executors in
 * their own JVMs), each with DirectRunner's output as the expectation.
 */
public class ClusterPipelinesTest {
  @ClassRule public static final RayClusterRule CLUSTER = RayClusterRule.withHead(2);

  @Rule public final TemporaryFolder folder = new TemporaryFolder();

  private void assertSameAsDirect(DifferentialRun.Shape shape) throws IOException {
    DifferentialRun.assertSameAsDirect(folder.getRoot().toPath(), shape, CLUSTER.jobArgs());
  }

  @Test
  public void wordCount() throws IOException {
    assertSameAsDirect(PipelineFamilies::wordCount);
  }

  /** The queues on a Kafka broker (embedded in the driver, 127.0.0.1) instead of the executors. */
  @Test
  public void coGroupByKeyJoinOverKafka() throws IOException {
    DifferentialRun.assertSameAsDirect(
        folder.getRoot().toPath(),
        PipelineFamilies::coGroupByKeyJoin,
        CLUSTER.jobArgs("--solsticeTransport=kafka", "--kafkaBootstrapServers=embedded"));
  }

  @Test
  public void coGroupByKeyJoin() throws IOException {
    assertSameAsDirect(PipelineFamilies::coGroupByKeyJoin);
  }

  @Test
  public void singletonAndMapSideInputs() throws IOException {
    assertSameAsDirect(PipelineFamilies::sideInputs);
  }

  @Test
  public void sessionWindows() throws IOException {
    assertSameAsDirect(PipelineFamilies::sessionWindows);
  }

  @Test
  public void statefulDoFnWithEventTimeTimers() throws IOException {
    assertSameAsDirect(PipelineFamilies::statefulTimers);
  }
}
