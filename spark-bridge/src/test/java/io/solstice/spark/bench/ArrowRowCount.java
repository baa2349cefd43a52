package io.solstice.spark.bench;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.channels.Channels;
import org.apache.arrow.flatbuf.RecordBatch;
import org.apache.arrow.vector.ipc.ReadChannel;
import org.apache.arrow.vector.ipc.message.MessageMetadataResult;
import org.apache.arrow.vector.ipc.message.MessageSerializer;

/**
 * The rows of one of {@code toArrowBatchRdd}'s batches (one IPC record batch message), read from its
 * metadata alone: the cheapest count, so that Spark's side of the comparison carries no extra work.
 */
final class ArrowRowCount {
  private ArrowRowCount() {}

  static long of(byte[] batch) throws IOException {
    MessageMetadataResult message =
        MessageSerializer.readMessage(new ReadChannel(Channels.newChannel(new ByteArrayInputStream(batch))));
    RecordBatch header = (RecordBatch) message.getMessage().header(new RecordBatch());
    return header.length();
  }
}
