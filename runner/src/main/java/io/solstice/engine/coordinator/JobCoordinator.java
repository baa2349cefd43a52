package io.solstice.engine.coordinator;

import io.ray.api.ObjectRef;
import io.solstice.engine.Memoized;
import io.solstice.engine.Serialization;
import io.solstice.engine.checkpoint.CheckpointStorage;
import io.solstice.engine.control.ActivitySnapshot;
import io.solstice.engine.control.RoleRequest;
import io.solstice.engine.host.ExecutorClient;
import io.solstice.engine.host.ExecutorDirectory;
import io.solstice.engine.host.Role;
import io.solstice.engine.host.RoleContext;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A job's coordinator, a role on one of its executors: it starts checkpoints and learns when they
 * complete, keeps the manual clock a TestStream drives, and answers whether the job is quiescent.
 * It reaches the executors by calls (a new checkpoint, a clock move) and they reach it by {@link
 * CoordinatorRequest}s: nothing is shared between processes.
 */
public final class JobCoordinator implements Role {
  private static final Logger LOG = LoggerFactory.getLogger(JobCoordinator.class);
  private static final long TICK_MILLIS = 10;

  private final RoleContext context;
  private final CheckpointCoordinator checkpoints;
  private final Memoized<CheckpointStorage> storage;
  private final QuiescenceDetector quiescence = new QuiescenceDetector();
  private final AtomicLong driverSent = new AtomicLong();
  private long clock;
  private volatile boolean cancelled;
  private volatile Thread runner;

  public JobCoordinator(RoleContext context, byte[] launch) {
    CoordinatorLaunch coordinator = Serialization.fromBytes(launch, CoordinatorLaunch.class);
    this.context = context;
    this.storage = new Memoized<>(() -> coordinator.checkpoints().storage(coordinator.checkpointJob()));
    this.checkpoints =
        new CheckpointCoordinator(
            coordinator.checkpointJob(),
            coordinator.workers(),
            coordinator.checkpoints(),
            coordinator.lastCheckpointId(),
            storage,
            coordinator.shape());
    this.clock = coordinator.clockStart();
  }

  /** Starts checkpoints when due, until the job ends. */
  @Override
  public byte[] run() {
    runner = Thread.currentThread();
    try {
      long announcedComplete = 0;
      while (!cancelled) {
        long started = checkpoints.tick(System.currentTimeMillis());
        if (started != 0) {
          announce(started, ExecutorClient::requestCheckpoint);
        }
        long complete = checkpoints.status().lastCompleted();
        if (complete > announcedComplete) {
          // Workers then finalize what the checkpoint covers (bundle finalizers, source commits).
          announce(complete, ExecutorClient::completeCheckpoint);
          announcedComplete = complete;
        }
        Thread.sleep(TICK_MILLIS);
      }
    } catch (InterruptedException e) {
      // Cancelled: the job ended.
    } catch (RuntimeException e) {
      // The driver sees it in the checkpoint status and fails the job, rather than it going on
      // without checkpoints (and sinks that wait for them).
      LOG.error("The coordinator of job {} failed", context.jobId(), e);
      checkpoints.failJob("its coordinator failed: " + e);
    } finally {
      checkpoints.stop();
      storage.ifMade(CheckpointStorage::close);
    }
    return new byte[0];
  }

  /** Tells every executor of the job about a checkpoint, and waits until each has heard. */
  private void announce(long checkpointId, Announcement announcement) {
    List<ObjectRef<Boolean>> calls = new ArrayList<>();
    ExecutorDirectory executors = context.executors();
    for (ExecutorClient executor : executors.all()) {
      calls.add(announcement.send(executor, context.jobId(), checkpointId));
    }
    for (int i = 0; i < calls.size(); i++) {
      executors.client(i).result(calls.get(i));
    }
  }

  /** A call that tells an executor about a checkpoint. */
  private interface Announcement {
    ObjectRef<Boolean> send(ExecutorClient executor, String jobId, long checkpointId);
  }

  @Override
  public void cancel() {
    checkpoints.stop();
    cancelled = true;
    Thread thread = runner;
    if (thread != null) {
      thread.interrupt();
    }
  }

  @Override
  public Serializable handle(RoleRequest request) {
    if (request instanceof CoordinatorRequest.Register) {
      checkpoints.register(((CoordinatorRequest.Register) request).worker);
    } else if (request instanceof CoordinatorRequest.Acknowledge) {
      CoordinatorRequest.Acknowledge ack = (CoordinatorRequest.Acknowledge) request;
      checkpoints.acknowledge(ack.worker, ack.checkpointId, ack.state, ack.alignmentMillis, ack.at);
    } else if (request instanceof CoordinatorRequest.Decline) {
      CoordinatorRequest.Decline decline = (CoordinatorRequest.Decline) request;
      checkpoints.decline(decline.worker, decline.checkpointId, decline.reason, System.currentTimeMillis());
    } else if (request instanceof CoordinatorRequest.NotReady) {
      CoordinatorRequest.NotReady notReady = (CoordinatorRequest.NotReady) request;
      checkpoints.skip(notReady.worker, notReady.checkpointId, notReady.reason, System.currentTimeMillis());
    } else if (request instanceof CoordinatorRequest.Finished) {
      CoordinatorRequest.Finished finished = (CoordinatorRequest.Finished) request;
      checkpoints.finished(finished.worker, finished.at);
    } else if (request instanceof CoordinatorRequest.Retired) {
      checkpoints.retired(((CoordinatorRequest.Retired) request).worker);
    } else if (request instanceof CoordinatorRequest.Rescale) {
      CoordinatorRequest.Rescale rescale = (CoordinatorRequest.Rescale) request;
      return checkpoints.rescale(
          rescale.stage, rescale.stageId, rescale.leaving, rescale.joining, System.currentTimeMillis());
    } else if (request instanceof CoordinatorRequest.AdvanceClock) {
      advanceClock(((CoordinatorRequest.AdvanceClock) request).millis);
    } else if (request instanceof CoordinatorRequest.IsQuiescent) {
      return isQuiescent(((CoordinatorRequest.IsQuiescent) request).worker);
    } else if (request instanceof CoordinatorRequest.DriverSent) {
      driverSent.addAndGet(((CoordinatorRequest.DriverSent) request).messages);
    } else if (request instanceof CoordinatorRequest.Status) {
      return checkpoints.status();
    } else {
      throw new IllegalArgumentException("The job coordinator does not answer " + request.getClass().getSimpleName());
    }
    return Boolean.TRUE;
  }

  /**
   * Moves the manual clock and tells every executor before answering: once the TestStream that
   * asked has its answer, every worker of the job reads the new time.
   */
  private synchronized void advanceClock(long millis) {
    clock += millis;
    ExecutorDirectory executors = context.executors();
    List<ObjectRef<Boolean>> calls = new ArrayList<>();
    for (ExecutorClient executor : executors.all()) {
      calls.add(executor.setClock(context.jobId(), clock));
    }
    for (int i = 0; i < calls.size(); i++) {
      executors.client(i).result(calls.get(i));
    }
  }

  private synchronized boolean isQuiescent(String worker) {
    return quiescence.quiescent(worker, this::activity, driverSent::get, clock);
  }

  private List<ActivitySnapshot> activity() {
    List<ActivitySnapshot> snapshots = new ArrayList<>();
    for (ExecutorClient executor : context.executors().all()) {
      snapshots.add(executor.activity(context.jobId()));
    }
    return snapshots;
  }
}
