package io.solstice.engine.actor;

import io.solstice.engine.RemoteFailure;
import io.solstice.engine.Serialization;
import io.solstice.engine.master.StageMaster;
import io.solstice.engine.master.StageReport;
import io.solstice.engine.worker.StageLaunch;
import io.solstice.engine.worker.StageWorker;
import io.solstice.engine.worker.WorkerReport;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one Ray actor class of the engine. Each actor hosts a role (a stage master or a worker),
 * registered in this JVM under an id chosen by its creator; every method takes that id.
 *
 * <p>Why the id: Ray 2.39's local mode keeps the "current actor" of a task in a single shared
 * field ({@code TaskExecutor.actorContext}), so when actors are called concurrently a call can run
 * on another actor's instance. Looking the role up by id makes the instance Ray picks irrelevant.
 * In cluster mode each actor has its own process and registry, and the id finds the same role.
 * Actors are created through {@link ActorSpawner}, which guards against the other half of that
 * race.
 *
 * <p>Methods take and return only strings, primitives and {@code byte[]}, and never throw: in local
 * mode a throwing constructor exits the JVM, and other types go through Ray's reflective
 * serializer.
 */
public final class SolsticeActor {
  public static final int MASTER = 1;
  public static final int WORKER = 2;

  private static final Map<String, ActorRole> ROLES = new ConcurrentHashMap<>();

  public SolsticeActor(String id, int kind, byte[] launch, int index) {
    ActorRole role;
    try {
      StageLaunch stage = Serialization.fromBytes(launch, StageLaunch.class);
      role = kind == MASTER ? new StageMaster(stage) : new StageWorker(stage, index);
    } catch (Throwable t) {
      role = new FailedRole(kind, index, RemoteFailure.of(t));
    }
    ROLES.put(id, role);
  }

  /** Answers once the actor is constructed; used to wait for a creation to complete. */
  public boolean ready(String id) {
    return ROLES.containsKey(id);
  }

  public byte[] run(String id) {
    return role(id).run();
  }

  public boolean cancel(String id) {
    role(id).cancel();
    return true;
  }

  public boolean release(String id) {
    role(id).release();
    return true;
  }

  public byte[] progress(String id) {
    return role(id).progress();
  }

  public byte[] metrics(String id) {
    return role(id).metrics();
  }

  private static ActorRole role(String id) {
    ActorRole role = ROLES.get(id);
    if (role == null) {
      return new FailedRole(
          id.contains("/w") ? WORKER : MASTER,
          -1,
          RemoteFailure.of(new IllegalStateException("No actor role " + id + " in this JVM")));
    }
    return role;
  }

  /** Forgets the roles of a finished job, given the prefix of their ids. */
  public static void forget(String idPrefix) {
    ROLES.keySet().removeIf(id -> id.startsWith(idPrefix));
  }

  /** A role whose setup failed: its run reports the failure. */
  private static final class FailedRole implements ActorRole {
    private final int kind;
    private final int index;
    private final RemoteFailure failure;

    FailedRole(int kind, int index, RemoteFailure failure) {
      this.kind = kind;
      this.index = index;
      this.failure = failure;
    }

    @Override
    public byte[] run() {
      WorkerReport report = new WorkerReport(-1, index, WorkerReport.Status.FAILED, failure, null, null);
      return kind == MASTER
          ? Serialization.toBytes(new StageReport(-1, List.of(report), 0))
          : Serialization.toBytes(report);
    }

    @Override
    public void cancel() {}

    @Override
    public byte[] progress() {
      return new byte[0];
    }

    @Override
    public byte[] metrics() {
      return new byte[0];
    }
  }
}
