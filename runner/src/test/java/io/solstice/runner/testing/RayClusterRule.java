package io.solstice.runner.testing;

import io.solstice.engine.ray.LocalRayCluster;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.rules.ExternalResource;

/**
 * A real Ray cluster on loopback addresses for a test class ({@code @ClassRule}): a head on
 * 127.0.0.2 and any further nodes, started before the tests and stopped after them by the ids of
 * their own processes.
 */
public final class RayClusterRule extends ExternalResource {
  private static final long OBJECT_STORE_BYTES = 500_000_000L;

  private final int headCpus;
  private final Map<String, Integer> nodes = new LinkedHashMap<>();
  private LocalRayCluster cluster;

  private RayClusterRule(int headCpus) {
    this.headCpus = headCpus;
  }

  /** A single-node cluster: its head, with {@code cpus} CPUs. */
  public static RayClusterRule withHead(int cpus) {
    return new RayClusterRule(cpus);
  }

  /** Adds a node on loopback address {@code ip} (127.0.0.3 and up) with {@code cpus} CPUs. */
  public RayClusterRule withNode(String ip, int cpus) {
    nodes.put(ip, cpus);
    return this;
  }

  @Override
  protected void before() {
    cluster = LocalRayCluster.startHead(null, headCpus, OBJECT_STORE_BYTES);
    nodes.forEach((ip, cpus) -> cluster.addNode(ip, cpus, OBJECT_STORE_BYTES));
  }

  @Override
  protected void after() {
    if (cluster != null) {
      cluster.close();
    }
  }

  public String address() {
    return cluster.address();
  }

  /**
   * The options of a SolsticeRunner job on this cluster, then {@code more}: two executors of one
   * slot, one CPU and 512 MB each, so that data crosses processes.
   */
  public String[] jobArgs(String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--rayMode=CLUSTER",
                "--rayAddress=" + address(),
                "--executors=2",
                "--executorSlots=1",
                "--executorCpus=1",
                "--executorMemoryMb=512"));
    args.addAll(List.of(more));
    return args.toArray(new String[0]);
  }
}
