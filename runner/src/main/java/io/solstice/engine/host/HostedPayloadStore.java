package io.solstice.engine.host;

import io.solstice.engine.payload.PayloadHolder;
import io.solstice.engine.payload.PayloadRef;
import io.solstice.engine.payload.PayloadStore;

/**
 * Split payloads of the job on this executor: a writer leaves its payload in this executor's
 * holder; a reader on the same executor takes it from there, a reader elsewhere through an
 * executor call whose result it owns and frees. Ray 2.56 removed handing a put object to another
 * owner, and a put object dies with its process; with this, the bytes live exactly as long as
 * their holder needs them and are freed explicitly, never by a garbage collection Ray waits for.
 */
final class HostedPayloadStore implements PayloadStore {
  private final String jobId;
  private final ExecutorDirectory executors;
  private final PayloadHolder holder;

  HostedPayloadStore(String jobId, ExecutorDirectory executors, PayloadHolder holder) {
    this.jobId = jobId;
    this.executors = executors;
    this.holder = holder;
  }

  @Override
  public PayloadRef put(byte[] data, int readers) {
    return new PayloadRef(executors.self(), holder.put(data, readers), data.length);
  }

  @Override
  public byte[] take(PayloadRef ref) {
    if (ref.executor() == executors.self()) {
      return holder.take(ref.id());
    }
    return executors.client(ref.executor()).takePayload(jobId, ref.id());
  }
}
