package io.solstice.engine.actor;

import io.ray.api.ActorHandle;
import io.ray.api.Ray;
import io.ray.api.call.ActorCreator;
import io.solstice.engine.RayCalls;

/**
 * Creates actors one at a time, each ready before the next starts.
 *
 * <p>Ray 2.39's local mode sets the "current actor" of a creating or running task in one shared
 * field. Two creations at once can leave an actor mapped to another's half-built instance, and a
 * call running during a creation can land on an instance not yet constructed (a null actor). So
 * creations are serialized JVM-wide, and a job creates all its actors before calling any of them;
 * {@link SolsticeActor}'s id dispatch makes the remaining mix-ups harmless.
 */
public final class ActorSpawner {
  private static final Object LOCK = new Object();
  private static final long READY_TIMEOUT_MILLIS = 60_000;

  private ActorSpawner() {}

  /**
   * Creates an actor hosting a role, registered as a named actor under the role's id, and waits
   * until it takes calls.
   */
  public static ActorHandle<SolsticeActor> spawn(String id, int kind, byte[] launch, int index) {
    synchronized (LOCK) {
      ActorCreator<SolsticeActor> creator =
          Ray.actor(SolsticeActor::new, id, kind, launch, index).setMaxConcurrency(2).setName(id);
      ActorHandle<SolsticeActor> actor = creator.remote();
      RayCalls.getAndFree(actor.task(SolsticeActor::ready, id).remote(), READY_TIMEOUT_MILLIS);
      return actor;
    }
  }

  /** The actor created for a role id, as {@link #spawn} named it. */
  public static ActorHandle<SolsticeActor> find(String id) {
    return Ray.<ActorHandle<SolsticeActor>>getActor(id)
        .orElseThrow(() -> new IllegalStateException("No actor named " + id));
  }
}
