package io.solstice.engine.host;

import io.ray.api.ActorHandle;
import io.ray.api.ObjectRef;
import io.ray.api.Ray;
import io.ray.api.exception.RayActorException;
import io.ray.api.exception.RayException;
import io.ray.api.exception.RayTaskException;
import io.solstice.engine.Serialization;
import io.solstice.engine.control.ActivitySnapshot;
import io.solstice.engine.control.Reply;
import io.solstice.engine.control.RoleRequest;
import io.solstice.engine.queue.SplitMessage;
import java.io.Serializable;
import java.util.function.Supplier;

/**
 * Calls one executor of a job. Control calls always go through Ray; the data-plane calls
 * (appending to a partition, taking a payload) go straight to the executor object when it runs in
 * this process, which spares Ray's copies on the local path. A call to an executor whose process
 * died throws {@link ExecutorLostException}.
 */
public final class ExecutorClient {
  private static final long CALL_TIMEOUT_MILLIS = 60_000;
  private static final byte[] NO_BODY = new byte[0];
  /** Ray Java's threshold above which an argument is put into the object store. */
  private static final int LARGEST_ARGUMENT_BY_VALUE = 100 << 10;

  private final int index;
  private final String name;
  private final Supplier<ActorHandle<SolsticeExecutor>> handle;
  private final SolsticeExecutor local;
  private volatile ActorHandle<SolsticeExecutor> resolved;
  private volatile String description;

  ExecutorClient(int index, String name, Supplier<ActorHandle<SolsticeExecutor>> handle, SolsticeExecutor local) {
    this.index = index;
    this.name = name;
    this.handle = handle;
    this.local = local;
    this.description = "executor " + index + " (" + name + ")";
  }

  public int index() {
    return index;
  }

  /** Who the executor is, with its process id and node once known: for messages. */
  public String description() {
    return description;
  }

  private ActorHandle<SolsticeExecutor> actor() {
    ActorHandle<SolsticeExecutor> actor = resolved;
    if (actor == null) {
      actor = handle.get();
      resolved = actor;
    }
    return actor;
  }

  /** Waits until the executor answers; learns its process id and node. */
  public String describe() {
    String who = call(actor().task(SolsticeExecutor::describe).remote());
    description = "executor " + index + " (" + who + ")";
    return description;
  }

  public void openJob(String jobId, byte[] setup) {
    call(actor().task(SolsticeExecutor::openJob, jobId, index, setup).remote());
  }

  /** Ends the job here: stops its roles, drops its partitions; returns payloads still held. */
  public long closeJob(String jobId) {
    return call(actor().task(SolsticeExecutor::closeJob, jobId).remote());
  }

  public void startRole(String jobId, String roleId, Class<? extends Role> roleClass, Serializable launch) {
    call(
        actor()
            .task(SolsticeExecutor::startRole, jobId, roleId, roleClass.getName(), Serialization.toBytes(launch))
            .remote());
  }

  /**
   * Asks for a role's report, waiting up to {@code timeoutMillis} on the executor: the result is
   * the report, or an empty array if the role still runs. Read it with {@link #result}.
   */
  public ObjectRef<byte[]> awaitRole(String jobId, String roleId, long timeoutMillis) {
    return actor().task(SolsticeExecutor::awaitRole, jobId, roleId, timeoutMillis).remote();
  }

  /** The value of a call made through this client, freed after reading. */
  public <T> T result(ObjectRef<T> ref) {
    return call(ref);
  }

  public void cancelRole(String jobId, String roleId) {
    call(actor().task(SolsticeExecutor::cancelRole, jobId, roleId).remote());
  }

  /** Sends a request to a role here and returns its answer, or rethrows its failure. */
  public Serializable ask(String jobId, String roleId, RoleRequest request) {
    byte[] reply = call(actor().task(SolsticeExecutor::ask, jobId, roleId, Serialization.toBytes(request)).remote());
    return Serialization.fromBytes(reply, Reply.class).value();
  }

  /**
   * Appends to a partition hosted here if it has room within a short wait; false if it stayed
   * full, and the caller asks again.
   */
  public boolean append(String jobId, String topic, int partition, SplitMessage message) {
    if (local != null) {
      return local.appendMessage(jobId, topic, partition, message, SolsticeExecutor.APPEND_WAIT_MILLIS);
    }
    int accepted =
        call(actor().task(SolsticeExecutor::append, jobId, topic, partition, message.header(), body(message)).remote());
    return accepted == 1;
  }

  private static byte[] body(SplitMessage message) {
    // The header says whether there is inline data; Ray gets an empty array rather than a null.
    return message.inlineData() == null ? NO_BODY : message.inlineData();
  }

  /** One reader's copy of a payload held here. */
  public byte[] takePayload(String jobId, long id) {
    if (local != null) {
      return local.takePayload(jobId, id);
    }
    return call(actor().task(SolsticeExecutor::takePayload, jobId, id).remote());
  }

  /**
   * Leaves a payload here for {@code readers} takes; returns its id. Ray passes an argument above
   * 100 KiB through its object store, where local mode frees nothing: a large payload goes as an
   * object of this call's own, freed once the executor holds its copy.
   */
  public long storePayload(String jobId, byte[] data, int readers) {
    if (data.length <= LARGEST_ARGUMENT_BY_VALUE) {
      return call(actor().task(SolsticeExecutor::storePayload, jobId, data, readers).remote());
    }
    ObjectRef<byte[]> stored = Ray.put(data);
    try {
      return call(actor().task(SolsticeExecutor::storePayload, jobId, stored, readers).remote());
    } finally {
      RayCalls.release(stored);
    }
  }

  public ObjectRef<Boolean> setClock(String jobId, long millis) {
    return actor().task(SolsticeExecutor::setClock, jobId, millis).remote();
  }

  public ObjectRef<Boolean> requestCheckpoint(String jobId, long checkpointId) {
    return actor().task(SolsticeExecutor::requestCheckpoint, jobId, checkpointId).remote();
  }

  public ObjectRef<Boolean> completeCheckpoint(String jobId, long checkpointId) {
    return actor().task(SolsticeExecutor::completeCheckpoint, jobId, checkpointId).remote();
  }

  public ActivitySnapshot activity(String jobId) {
    return Serialization.fromBytes(
        call(actor().task(SolsticeExecutor::activity, jobId).remote()), ActivitySnapshot.class);
  }

  private <T> T call(ObjectRef<T> ref) {
    try {
      return RayCalls.getAndFree(ref, CALL_TIMEOUT_MILLIS);
    } catch (RayActorException e) {
      throw new ExecutorLostException(index, description, e);
    } catch (RayTaskException e) {
      // The executor method threw: its own exception is the cause.
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      if (cause instanceof RuntimeException) {
        throw (RuntimeException) cause;
      }
      throw new IllegalStateException(description + ": " + cause.getMessage(), cause);
    } catch (RayException e) {
      throw new IllegalStateException("A call to " + description + " failed: " + e.getMessage(), e);
    }
  }

  /** Translates the failure of a call made through {@link #awaitRole} and read with Ray.get. */
  public RuntimeException translate(RuntimeException failure) {
    if (failure instanceof RayActorException) {
      return new ExecutorLostException(index, description, failure);
    }
    return failure;
  }

  @Override
  public String toString() {
    return description;
  }
}
