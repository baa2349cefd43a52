package io.solstice.spark;

import io.solstice.translation.api.SplitSink;
import java.util.Iterator;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaFutureAction;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.VoidFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.InternalRow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Spark job that feeds a SparkSource on SolsticeRunner: each task encodes its partition's rows
 * as Arrow batches and writes them straight onto the source's queue, blocking while it is full. The
 * driver sees no row. Interrupting the waiting thread cancels the job.
 */
final class SparkArrowJob {
  private static final Logger LOG = LoggerFactory.getLogger(SparkArrowJob.class);

  private SparkArrowJob() {}

  static void writeAll(Dataset<Row> dataFrame, ArrowBatchEncoder encoder, SplitSink sink, String name)
      throws InterruptedException {
    JavaSparkContext spark = JavaSparkContext.fromSparkContext(dataFrame.sparkSession().sparkContext());
    String group = "solstice-" + UUID.randomUUID();
    // Interrupting on cancel wakes tasks that wait for room on the queue.
    spark.setJobGroup(group, "SparkSource " + name + ": Arrow batches to SolsticeRunner", true);
    JavaFutureAction<Void> job;
    try {
      job = dataFrame.queryExecution().toRdd().toJavaRDD().foreachPartitionAsync(new WritePartition(encoder, sink));
    } finally {
      spark.clearJobGroup();
    }
    try {
      job.get();
    } catch (InterruptedException e) {
      LOG.info("SparkSource {}: cancelling its Spark job (group {})", name, group);
      spark.cancelJobGroup(group);
      throw e;
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw new IllegalStateException("The Spark job feeding SparkSource " + name + " failed: " + cause.getMessage(), cause);
    }
  }

  /** One Spark task: its partition's rows, as Arrow batches, onto the queue. */
  private static final class WritePartition implements VoidFunction<Iterator<InternalRow>> {
    private static final long serialVersionUID = 1L;

    private final ArrowBatchEncoder encoder;
    private final SplitSink sink;

    WritePartition(ArrowBatchEncoder encoder, SplitSink sink) {
      this.encoder = encoder;
      this.sink = sink;
    }

    @Override
    public void call(Iterator<InternalRow> rows) throws Exception {
      TaskContext task = TaskContext.get();
      if (task != null && task.attemptNumber() > 0) {
        // What the failed attempt wrote is on the queue already; a second attempt would duplicate it.
        throw new IllegalStateException(
            "Spark retried the task of partition " + task.partitionId() + " (attempt " + task.attemptNumber() + "),"
                + " but SparkSource on SolsticeRunner cannot take back what an earlier attempt wrote: run Spark without"
                + " task retries or speculation (spark.task.maxFailures=1, spark.speculation=false)");
      }
      try (SplitSink.Writer writer = sink.open()) {
        encoder.encode(rows, writer::write);
      }
    }
  }
}
