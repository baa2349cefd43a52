package io.solstice.engine.host;

import io.solstice.engine.EngineConfig;
import io.solstice.engine.payload.PayloadStore;
import io.solstice.engine.queue.QueueTransport;

/** What the executor offers a role it hosts: the job's services, reached from this process. */
public interface RoleContext {

  String jobId();

  String roleId();

  /** The index of the hosting executor among the job's executors. */
  int executorIndex();

  EngineConfig config();

  /** Clients of the job's executors, this one included. */
  ExecutorDirectory executors();

  QueueTransport transport();

  PayloadStore payloads();

  /** The job's clock and checkpoint requests as this executor knows them, and its activity. */
  JobSignals signals();
}
