package io.solstice.spark;

import io.solstice.translation.api.SplitSink;
import java.util.Iterator;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.spark.SparkJobInfo;
import org.apache.spark.SparkStageInfo;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaFutureAction;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.JavaSparkStatusTracker;
import org.apache.spark.api.java.function.VoidFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.InternalRow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Spark job that feeds a SparkSource on SolsticeRunner: each task encodes its partition's rows
 * as Arrow batches and writes them straight onto the source's queue, blocking while it is full. The
 * driver sees no row. Interrupting the waiting thread cancels the job; a task attempt that is not
 * the first (a retry, a resubmitted stage, a speculative copy) fails rather than write again.
 */
final class SparkArrowJob {
  private static final Logger LOG = LoggerFactory.getLogger(SparkArrowJob.class);
  private static final long CANCEL_WAIT_SECONDS = 20;
  private static final long TASK_POLL_MILLIS = 50;

  private SparkArrowJob() {}

  static void writeAll(Dataset<Row> dataFrame, ArrowBatchEncoder encoder, SplitSink sink, String name)
      throws InterruptedException {
    JavaSparkContext spark = JavaSparkContext.fromSparkContext(dataFrame.sparkSession().sparkContext());
    String group = "solstice-" + UUID.randomUUID();
    // Interrupting on cancel wakes tasks that wait for room on the queue.
    spark.setJobGroup(group, name + ": Arrow batches to SolsticeRunner", true);
    JavaFutureAction<Void> job;
    try {
      job = dataFrame.queryExecution().toRdd().toJavaRDD().foreachPartitionAsync(new WritePartition(encoder, sink));
    } finally {
      spark.clearJobGroup();
    }
    try {
      job.get();
    } catch (InterruptedException e) {
      LOG.info("{}: cancelling its Spark job (group {})", name, group);
      spark.cancelJobGroup(group);
      awaitEnd(spark, group, job, name);
      throw e;
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw new IllegalStateException("The Spark job feeding " + name + " failed: " + cause.getMessage(), cause);
    }
  }

  /**
   * Lets the cancelled job's tasks end before the Beam job goes on to delete its queues: a task
   * waiting for room ends once the job is closed on its executors, which refuse its writes. The
   * job's future completes when Spark has sent its tasks the kill, so their stages' running tasks
   * are counted down as well.
   */
  private static void awaitEnd(JavaSparkContext spark, String group, JavaFutureAction<Void> job, String name) {
    long deadline = System.currentTimeMillis() + TimeUnit.SECONDS.toMillis(CANCEL_WAIT_SECONDS);
    try {
      job.get(CANCEL_WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    } catch (TimeoutException e) {
      LOG.warn("{}: its cancelled Spark job still runs after {} s", name, CANCEL_WAIT_SECONDS);
      return;
    } catch (ExecutionException | CancellationException e) {
      LOG.debug("{}: its Spark job ended on cancel", name, e);
    }
    try {
      while (runningTasks(spark.statusTracker(), group) > 0) {
        if (System.currentTimeMillis() > deadline) {
          LOG.warn("{}: tasks of its cancelled Spark job still run after {} s", name, CANCEL_WAIT_SECONDS);
          return;
        }
        Thread.sleep(TASK_POLL_MILLIS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static int runningTasks(JavaSparkStatusTracker tracker, String group) {
    int running = 0;
    for (int jobId : tracker.getJobIdsForGroup(group)) {
      SparkJobInfo info = tracker.getJobInfo(jobId);
      if (info == null) {
        continue;
      }
      for (int stageId : info.stageIds()) {
        SparkStageInfo stage = tracker.getStageInfo(stageId);
        if (stage != null) {
          running += stage.numActiveTasks();
        }
      }
    }
    return running;
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
      if (task != null && (task.attemptNumber() > 0 || task.stageAttemptNumber() > 0)) {
        // What an earlier attempt wrote is on the queue already; another attempt would duplicate it.
        // Spark counts task attempts per stage attempt, so a resubmitted stage shows in the latter.
        throw new IllegalStateException(
            "Spark ran partition " + task.partitionId() + " again (task attempt " + task.attemptNumber() + ", stage"
                + " attempt " + task.stageAttemptNumber() + "), but SparkSource on SolsticeRunner cannot take back what"
                + " an earlier attempt wrote: run Spark without task retries or speculation (spark.task.maxFailures=1,"
                + " spark.speculation=false), and cache or checkpoint a DataFrame whose shuffle output could be lost");
      }
      try (SplitSink.Writer writer = sink.open()) {
        encoder.encode(rows, writer::write);
      }
    }
  }
}
