package io.solstice.engine.host;

import io.ray.api.ActorHandle;
import io.ray.api.Ray;
import java.util.ArrayList;
import java.util.List;

/** Clients of a job's executors, by index. Executors find each other by their Ray actor names. */
public final class ExecutorDirectory {
  private final List<ExecutorClient> clients = new ArrayList<>();
  private final int self;

  private ExecutorDirectory(List<String> names, int self, SolsticeExecutor local) {
    this.self = self;
    for (int i = 0; i < names.size(); i++) {
      String name = names.get(i);
      clients.add(new ExecutorClient(i, name, () -> lookUp(name), i == self ? local : null));
    }
  }

  /** The directory of the job's driver, which created the executors and holds their handles. */
  public static ExecutorDirectory forDriver(List<String> names, List<ActorHandle<SolsticeExecutor>> handles) {
    ExecutorDirectory directory = new ExecutorDirectory(names, -1, null);
    for (int i = 0; i < handles.size(); i++) {
      ActorHandle<SolsticeExecutor> handle = handles.get(i);
      directory.clients.set(i, new ExecutorClient(i, names.get(i), () -> handle, null));
    }
    return directory;
  }

  /**
   * A directory for a process that only calls the job's executors, looking each up by its name on
   * first use (a writer of an outside system's splits, in a Spark task).
   */
  public static ExecutorDirectory byName(List<String> names) {
    return new ExecutorDirectory(names, -1, null);
  }

  /** The directory of executor {@code self}, which reaches itself without Ray on the data path. */
  static ExecutorDirectory forExecutor(List<String> names, int self, SolsticeExecutor local) {
    return new ExecutorDirectory(names, self, local);
  }

  private static ActorHandle<SolsticeExecutor> lookUp(String name) {
    return Ray.<ActorHandle<SolsticeExecutor>>getActor(name)
        .orElseThrow(() -> new IllegalStateException("No executor named " + name + " in the Ray cluster"));
  }

  public ExecutorClient client(int index) {
    return clients.get(index);
  }

  public List<ExecutorClient> all() {
    return List.copyOf(clients);
  }

  public int size() {
    return clients.size();
  }

  /** The index of the executor this directory belongs to; -1 in the driver. */
  public int self() {
    return self;
  }
}
