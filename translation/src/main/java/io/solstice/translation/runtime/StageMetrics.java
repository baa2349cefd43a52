package io.solstice.translation.runtime;

import java.io.Serializable;
import org.apache.beam.runners.core.metrics.MetricsContainerImpl;
import org.apache.beam.runners.core.metrics.MetricsContainerStepMap;

/**
 * Metrics of one stage worker. Updates go to the current bundle's containers; a finished bundle
 * counts as attempted, and as committed once its output is committed.
 */
public final class StageMetrics {
  private final MetricsContainerStepMap bundle = new MetricsContainerStepMap();
  private final MetricsContainerStepMap uncommitted = new MetricsContainerStepMap();
  private final MetricsContainerStepMap attempted = new MetricsContainerStepMap();
  private final MetricsContainerStepMap committed = new MetricsContainerStepMap();

  /** The container of a step; its cells are reset after each bundle, never replaced. */
  public MetricsContainerImpl container(String step) {
    return bundle.getContainer(step);
  }

  public void bundleFinished() {
    attempted.updateAll(bundle);
    uncommitted.updateAll(bundle);
    bundle.reset();
  }

  public void bundleCommitted() {
    committed.updateAll(uncommitted);
    uncommitted.reset();
  }

  /** Counts a failed bundle's updates as attempted; they are never committed. */
  public void bundleFailed() {
    attempted.updateAll(bundle);
    bundle.reset();
  }

  public Snapshot snapshot() {
    MetricsContainerStepMap attemptedCopy = new MetricsContainerStepMap();
    attemptedCopy.updateAll(attempted);
    MetricsContainerStepMap committedCopy = new MetricsContainerStepMap();
    committedCopy.updateAll(committed);
    return new Snapshot(attemptedCopy, committedCopy);
  }

  /** Attempted and committed metrics of a worker at one point. */
  public static final class Snapshot implements Serializable {
    private static final long serialVersionUID = 1L;

    private final MetricsContainerStepMap attempted;
    private final MetricsContainerStepMap committed;

    public Snapshot(MetricsContainerStepMap attempted, MetricsContainerStepMap committed) {
      this.attempted = attempted;
      this.committed = committed;
    }

    public MetricsContainerStepMap attempted() {
      return attempted;
    }

    public MetricsContainerStepMap committed() {
      return committed;
    }
  }
}
