package io.solstice.examples.faults;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.solstice.engine.checkpoint.S3ProxyServer;
import io.solstice.engine.fault.Fault;
import io.solstice.engine.fault.FaultPlan;
import io.solstice.engine.fault.FaultPoint;
import io.solstice.engine.queue.kafka.EmbeddedKafkaBroker;
import java.util.List;
import java.util.Map;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The short version of the fault-injection trials (the full one is {@code fault-trials}, a
 * million records and twenty random faults): the stateful Kafka-to-Kafka job under one fault at
 * each kill point, two workers killed at once, a second kill during recovery, and one with its
 * checkpoints on S3 (s3proxy, in this JVM on 127.0.0.1). Each run's
 * committed output must equal the failure-free output exactly, and each fault must have fired.
 */
public class FaultTrialsTest {
  private static final long RECORDS = 20_000;
  private static final int KEYS = 100;
  private static final String READER = FaultTrials.STAGES.get(0);
  private static final String TOTALS = KeyedTotalsJob.TOTALS;

  @ClassRule public static TemporaryFolder folder = new TemporaryFolder();
  @ClassRule public static S3ProxyServer s3 = new S3ProxyServer();
  private static EmbeddedKafkaBroker broker;
  private static FaultTrials trials;
  private static Map<String, Integer> expected;

  @BeforeClass
  public static void writeInput() throws Exception {
    broker = EmbeddedKafkaBroker.start();
    trials = new FaultTrials(broker, folder.newFolder("checkpoints").toPath(), 2, 300, List.of());
    trials.writeInput(RECORDS, KEYS, FaultTrials.PARTITIONS);
    expected = KeyedTotalsJob.expectedOutput(RECORDS, KEYS);
  }

  @AfterClass
  public static void stopBroker() {
    broker.close();
  }

  private static void assertExactlyOnce(String name, Fault... faults) throws Exception {
    assertExactlyOnce(name, List.of(), faults);
  }

  private static void assertExactlyOnce(String name, List<String> runnerArgs, Fault... faults) throws Exception {
    FaultTrials.Outcome outcome = trials.run(name, new FaultPlan(List.of(faults)), expected, runnerArgs);
    assertTrue("the fault fired: " + outcome, outcome.faultFired());
    assertEquals("records missing: " + outcome, 0, outcome.missing());
    assertEquals("records extra: " + outcome, 0, outcome.extra());
    assertTrue(outcome.toString(), outcome.identical());
  }

  @Test
  public void failureFreeRunWritesTheExpectedOutput() throws Exception {
    FaultTrials.Outcome outcome = trials.run("no-fault", FaultPlan.none(), expected);
    assertTrue(outcome.toString(), outcome.identical());
    assertTrue(outcome.toString(), outcome.restoredFrom().isEmpty());
  }

  @Test
  public void workerKilledMidBundle() throws Exception {
    assertExactlyOnce("mid-bundle", new Fault(FaultPoint.MID_BUNDLE, TOTALS, 0, 2, 1));
  }

  @Test
  public void workerKilledWhileAligning() throws Exception {
    assertExactlyOnce("aligning", new Fault(FaultPoint.ALIGNING, TOTALS, 1, 3, 1));
  }

  @Test
  public void workerKilledAfterWritingItsSnapshot() throws Exception {
    assertExactlyOnce("uploading", new Fault(FaultPoint.UPLOADING, TOTALS, 0, 2, 1));
  }

  @Test
  public void workerKilledBetweenSnapshotAndManifest() throws Exception {
    assertExactlyOnce("acknowledged", new Fault(FaultPoint.ACKNOWLEDGED, TOTALS, 1, 2, 1));
  }

  @Test
  public void stageMasterKilled() throws Exception {
    assertExactlyOnce("master", new Fault(FaultPoint.STAGE_MASTER, READER, 0, 10, 1));
  }

  @Test
  public void twoWorkersKilledAtOnce() throws Exception {
    assertExactlyOnce(
        "two-workers", new Fault(FaultPoint.MID_BUNDLE, READER, 1, 2, 1), new Fault(FaultPoint.MID_BUNDLE, TOTALS, 0, 2, 1));
  }

  @Test
  public void checkpointsOnS3() throws Exception {
    assertExactlyOnce(
        "s3",
        List.of(
            "--checkpointLocation=s3://" + S3ProxyServer.BUCKET + "/trials",
            "--s3Endpoint=" + s3.endpoint(),
            "--s3PathStyleAccess=true",
            "--s3AccessKey=" + S3ProxyServer.ACCESS_KEY,
            "--s3SecretKey=" + S3ProxyServer.SECRET_KEY),
        new Fault(FaultPoint.ACKNOWLEDGED, TOTALS, 0, 2, 1));
  }

  @Test
  public void killedAgainWhileRecovering() throws Exception {
    assertExactlyOnce(
        "twice", new Fault(FaultPoint.ACKNOWLEDGED, TOTALS, 0, 2, 1), new Fault(FaultPoint.MID_BUNDLE, TOTALS, 1, 1, 2));
  }
}
