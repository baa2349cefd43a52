package io.solstice.engine.job;

import io.solstice.engine.control.TopicLayout;
import io.solstice.engine.host.ExecutorDirectory;
import io.solstice.engine.operator.Watermarks;
import io.solstice.engine.payload.PayloadRef;
import io.solstice.engine.queue.SplitMessage;

/**
 * Messages of the driver's source edges, whose only producer is the driver (id 0), whoever writes
 * them: a split small enough travels inline; a larger one is left on the executor that reads its
 * partition, so that its read is local.
 */
final class DriverSplits {
  static final int PRODUCER = 0;

  private DriverSplits() {}

  static SplitMessage message(
      String jobId, ExecutorDirectory executors, TopicLayout topic, int partition, byte[] data, int elementCount, int inlineBytes) {
    if (data.length <= inlineBytes) {
      return SplitMessage.inline(PRODUCER, Watermarks.START, elementCount, data);
    }
    int host = topic.host(partition);
    long id = executors.client(host).storePayload(jobId, data, 1);
    return SplitMessage.stored(PRODUCER, Watermarks.START, elementCount, new PayloadRef(host, id, data.length));
  }

  static SplitMessage end() {
    return SplitMessage.watermark(PRODUCER, Watermarks.END);
  }
}
