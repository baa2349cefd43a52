package io.solstice.engine.master;

import io.ray.api.ActorHandle;
import io.ray.api.ObjectRef;
import io.ray.api.Ray;
import io.ray.api.WaitResult;
import io.solstice.engine.RayCalls;
import io.solstice.engine.RemoteFailure;
import io.solstice.engine.Serialization;
import io.solstice.engine.actor.ActorIds;
import io.solstice.engine.actor.ActorRole;
import io.solstice.engine.actor.ActorSpawner;
import io.solstice.engine.actor.SolsticeActor;
import io.solstice.engine.worker.StageLaunch;
import io.solstice.engine.worker.WorkerProgress;
import io.solstice.engine.worker.WorkerReport;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns one stage: starts the stage's worker actors (each knows its index, and so its partitions),
 * waits for them, and stops them all when one fails or the job is cancelled.
 */
public final class StageMaster implements ActorRole {
  private static final Logger LOG = LoggerFactory.getLogger(StageMaster.class);
  private static final int WAIT_SLICE_MILLIS = 200;
  private static final long CALL_TIMEOUT_MILLIS = 5_000;

  /** A worker actor and the id of the role it hosts. */
  private static final class Worker {
    final ActorHandle<SolsticeActor> actor;
    final String id;

    Worker(ActorHandle<SolsticeActor> actor, String id) {
      this.actor = actor;
      this.id = id;
    }
  }

  private final StageLaunch launch;
  private final List<Worker> workers = new ArrayList<>();
  private volatile boolean cancelled;

  public StageMaster(StageLaunch launch) {
    this.launch = launch;
  }

  private String name() {
    return launch.stage().name();
  }

  @Override
  public byte[] run() {
    int stage = launch.stage().id();
    List<WorkerReport> reports = new ArrayList<>();
    Map<ObjectRef<byte[]>, Integer> running = new HashMap<>();
    try {
      for (int i = 0; i < launch.stage().parallelism() && !cancelled; i++) {
        String id = ActorIds.worker(launch.jobId(), stage, i);
        ActorHandle<SolsticeActor> actor = ActorSpawner.find(id);
        synchronized (workers) {
          workers.add(new Worker(actor, id));
        }
        running.put(actor.task(SolsticeActor::run, id).remote(), i);
      }
      if (cancelled) {
        cancelWorkers();
      }
      long giveUpAt = Long.MAX_VALUE;
      while (!running.isEmpty() && System.currentTimeMillis() < giveUpAt) {
        WaitResult<byte[]> result = Ray.wait(new ArrayList<>(running.keySet()), 1, WAIT_SLICE_MILLIS);
        for (ObjectRef<byte[]> done : result.getReady()) {
          running.remove(done);
          WorkerReport report = Serialization.fromBytes(RayCalls.getAndFree(done), WorkerReport.class);
          reports.add(report);
          if (report.status() == WorkerReport.Status.FAILED && !cancelled) {
            LOG.info("Stage '{}' worker {} failed; stopping its other workers", name(), report.worker());
            cancel();
          }
        }
        if (cancelled && giveUpAt == Long.MAX_VALUE) {
          giveUpAt = System.currentTimeMillis() + launch.config().cancelGraceMillis();
        }
      }
      if (!running.isEmpty()) {
        LOG.warn(
            "Stage '{}': {} worker(s) did not stop within {} ms of cancellation",
            name(),
            running.size(),
            launch.config().cancelGraceMillis());
      }
    } catch (Throwable t) {
      LOG.error("Stage master of '{}' failed", name(), t);
      cancel();
      reports.add(new WorkerReport(stage, -1, WorkerReport.Status.FAILED, RemoteFailure.of(t), null, null));
    }
    releaseWorkers();
    return Serialization.toBytes(new StageReport(stage, reports, running.size()));
  }

  private void releaseWorkers() {
    for (Worker worker : workers()) {
      try {
        RayCalls.getAndFree(worker.actor.task(SolsticeActor::release, worker.id).remote(), CALL_TIMEOUT_MILLIS);
      } catch (RuntimeException e) {
        LOG.warn("Could not release worker {} of stage '{}'", worker.id, name(), e);
      }
    }
  }

  @Override
  public void cancel() {
    cancelled = true;
    cancelWorkers();
  }

  private List<Worker> workers() {
    synchronized (workers) {
      return new ArrayList<>(workers);
    }
  }

  private void cancelWorkers() {
    for (Worker worker : workers()) {
      try {
        RayCalls.getAndFree(worker.actor.task(SolsticeActor::cancel, worker.id).remote(), CALL_TIMEOUT_MILLIS);
      } catch (RuntimeException e) {
        LOG.warn("Could not cancel worker {} of stage '{}'", worker.id, name(), e);
      }
    }
  }

  /** A serialized {@link StageProgress} gathered from every worker. */
  @Override
  public byte[] progress() {
    List<WorkerProgress> progress = new ArrayList<>();
    List<byte[]> metrics = new ArrayList<>();
    try {
      for (Worker worker : workers()) {
        byte[] p = RayCalls.getAndFree(worker.actor.task(SolsticeActor::progress, worker.id).remote(), CALL_TIMEOUT_MILLIS);
        if (p.length > 0) {
          progress.add(Serialization.fromBytes(p, WorkerProgress.class));
        }
        byte[] m = RayCalls.getAndFree(worker.actor.task(SolsticeActor::metrics, worker.id).remote(), CALL_TIMEOUT_MILLIS);
        if (m.length > 0) {
          metrics.add(m);
        }
      }
    } catch (RuntimeException e) {
      LOG.debug("Progress of stage '{}' is incomplete", name(), e);
    }
    return Serialization.toBytes(new StageProgress(launch.stage().id(), name(), progress, metrics));
  }

  @Override
  public byte[] metrics() {
    return new byte[0];
  }
}
