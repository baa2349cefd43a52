package io.solstice.engine.worker;

import io.solstice.engine.EngineConfig;
import io.solstice.engine.RemoteFailure;
import io.solstice.engine.Serialization;
import io.solstice.engine.actor.ActorRole;
import io.solstice.engine.graph.EdgeSpec;
import io.solstice.engine.job.CheckpointCoordinator;
import io.solstice.engine.job.JobActivity;
import io.solstice.engine.job.JobServices;
import io.solstice.engine.operator.OperatorContext;
import io.solstice.engine.operator.Split;
import io.solstice.engine.operator.SplitWriter;
import io.solstice.engine.operator.StageOperator;
import io.solstice.engine.operator.Watermarks;
import io.solstice.engine.payload.PayloadStore;
import io.solstice.engine.queue.QueueConsumer;
import io.solstice.engine.queue.QueueProducer;
import io.solstice.engine.queue.QueueRecord;
import io.solstice.engine.queue.SplitMessage;
import io.solstice.engine.queue.TopicNames;
import io.solstice.engine.queue.TopicPartition;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One worker of a stage: reads its partitions of the stage's input edges, drives the stage operator
 * in bundles, writes its output splits, commits input offsets, and announces its output watermark.
 * It ends once every input has ended and the operator holds nothing back.
 */
public final class StageWorker implements ActorRole {
  private static final Logger LOG = LoggerFactory.getLogger(StageWorker.class);
  private static final long METRICS_INTERVAL_MILLIS = 1_000;

  /** Where an input record comes from: which input of the operator, which owned partition slot. */
  private static final class Source {
    final int input;
    final int slot;

    Source(int input, int slot) {
      this.input = input;
      this.slot = slot;
    }
  }

  private final StageLaunch launch;
  private final int index;
  private final WorkerCounters counters = new WorkerCounters();
  private volatile boolean cancelled;
  private volatile Thread runner;
  private volatile String state = "CREATED";
  private volatile byte[] latestMetrics;
  private StageOperator held;
  private final String workerId;

  public StageWorker(StageLaunch launch, int index) {
    this.launch = launch;
    this.index = index;
    this.workerId = launch.stage().id() + "/" + index;
  }

  private String describe() {
    return "stage '" + launch.stage().name() + "' worker " + index;
  }

  @Override
  public byte[] run() {
    return Serialization.toBytes(execute());
  }

  /** Runs to the end of the input, a failure, or cancellation. Never throws. */
  public WorkerReport execute() {
    runner = Thread.currentThread();
    StageOperator operator = null;
    try {
      JobServices services = JobServices.lookup(launch.jobId());
      try (QueueConsumer consumer =
              services.transport().createConsumer(TopicNames.group(launch.jobId(), launch.stage().id()));
          QueueProducer producer = services.transport().createProducer()) {
        operator = launch.stage().operatorFactory().create();
        List<EdgeWriter> writers = openWriters(producer, services);
        operator.open(context(writers, services.activity()));
        state = "RUNNING";
        try {
          process(operator, consumer, producer, writers, services);
        } finally {
          services.activity().nextClockNeed(workerId, Long.MAX_VALUE);
          services.checkpoints().finished(workerId, System.currentTimeMillis());
        }
        latestMetrics = operator.metricsSnapshot();
        state = "SUCCEEDED";
        // Torn down on release(), once the whole stage has ended.
        hold(operator);
        operator = null;
        return report(WorkerReport.Status.SUCCEEDED, null);
      }
    } catch (Throwable t) {
      if (cancelled) {
        state = "CANCELLED";
        LOG.debug("{} stopped on cancellation", describe(), t);
        return report(WorkerReport.Status.CANCELLED, null);
      }
      state = "FAILED";
      LOG.error("{} failed", describe(), t);
      snapshotMetricsQuietly(operator);
      return report(WorkerReport.Status.FAILED, RemoteFailure.of(t));
    } finally {
      closeQuietly(operator);
      runner = null;
      Thread.interrupted();
    }
  }

  private synchronized void hold(StageOperator operator) {
    held = operator;
  }

  /** Closes the operator this worker kept open after succeeding (its DoFns' teardown). */
  @Override
  public synchronized void release() {
    StageOperator operator = held;
    held = null;
    closeQuietly(operator);
  }

  /** Stops the worker: its loop ends at the next check, and blocking waits are interrupted. */
  @Override
  public void cancel() {
    cancelled = true;
    Thread thread = runner;
    if (thread != null) {
      thread.interrupt();
    }
  }

  @Override
  public byte[] progress() {
    return Serialization.toBytes(snapshot());
  }

  private WorkerProgress snapshot() {
    return counters.snapshot(launch.stage().id(), index, state);
  }

  /** The operator's latest metrics snapshot, refreshed about once a second while running. */
  @Override
  public byte[] metrics() {
    byte[] metrics = latestMetrics;
    return metrics == null ? new byte[0] : metrics;
  }

  private void process(
      StageOperator operator,
      QueueConsumer consumer,
      QueueProducer producer,
      List<EdgeWriter> writers,
      JobServices services)
      throws Exception {
    EngineConfig config = launch.config();
    PayloadStore payloads = services.payloads();
    JobActivity activity = services.activity();
    int inputs = launch.inputs().size();
    Map<TopicPartition, Source> sources = new HashMap<>();
    int[] owned = new int[inputs];
    int[] producers = new int[inputs];
    int parallelism = launch.stage().parallelism();
    for (int input = 0; input < inputs; input++) {
      EdgeSpec edge = launch.inputs().get(input);
      String topic = TopicNames.topic(launch.jobId(), edge);
      for (int p = index; p < edge.partitions(); p += parallelism) {
        sources.put(new TopicPartition(topic, p), new Source(input, owned[input]++));
      }
      producers[input] = launch.inputProducerCounts().get(input);
    }
    consumer.assign(sources.keySet());
    InputWatermarks watermarks = new InputWatermarks(owned, producers);
    BarrierAligner<QueueRecord> barriers = new BarrierAligner<>(owned, producers);
    CheckpointCoordinator checkpoints = services.checkpoints();
    checkpoints.register(workerId);
    // Log lines then name the worker rather than a Ray pool thread.
    Thread.currentThread().setName("worker " + workerId + " " + launch.stage().name());
    List<QueueRecord> released = new ArrayList<>();
    long[] delivered = new long[inputs];
    Arrays.fill(delivered, Watermarks.START);
    long outputWatermark = Watermarks.START;
    long lastMetrics = System.currentTimeMillis();
    Map<TopicPartition, Long> commits = new HashMap<>();

    while (true) {
      checkCancelled();
      barriers.requested(checkpoints.requested());
      List<QueueRecord> records;
      if (released.isEmpty()) {
        long wakeUp = operator.nextProcessingTime() - activity.now();
        long timeout = Math.max(0, Math.min(config.pollTimeoutMillis(), wakeUp));
        records = consumer.poll(timeout, config.maxBundleSplits());
        // Records held for a checkpoint are committed too: they wait in this worker's memory, and
        // an uncommitted one would block the producers whose barriers the alignment waits for.
        for (QueueRecord record : records) {
          commits.put(record.partition(), record.offset() + 1);
        }
      } else {
        // What an alignment held comes first, in arrival order, before anything newer.
        int n = Math.min(released.size(), config.maxBundleSplits());
        records = new ArrayList<>(released.subList(0, n));
        released.subList(0, n).clear();
      }
      boolean inBundle = false;
      boolean hasData = false;
      int handled = 0;
      for (QueueRecord record : records) {
        Source source = sources.get(record.partition());
        SplitMessage message = record.message();
        if (!barriers.admit(source.input, source.slot, message.producer(), record)) {
          continue;
        }
        if (message.kind() == SplitMessage.Kind.DATA) {
          if (!inBundle) {
            startBundle(operator, activity.now());
            inBundle = true;
          }
          processData(operator, source.input, message, payloads);
          hasData = true;
        } else if (message.kind() == SplitMessage.Kind.BARRIER) {
          barriers.barrier(source.input, source.slot, message.producer(), message.checkpointId());
        }
        watermarks.observe(source.input, source.slot, message.producer(), message.watermark());
        if (message.watermark() == Watermarks.END) {
          barriers.ended(source.input, source.slot, message.producer());
        }
        handled++;
      }
      long inputWatermark = Watermarks.END;
      for (int input = 0; input < inputs; input++) {
        long wm = watermarks.watermark(input);
        if (wm > delivered[input]) {
          if (!inBundle) {
            startBundle(operator, activity.now());
            inBundle = true;
          } else if (hasData) {
            // The data's output goes out before timers the watermark fires run, which may take
            // long: downstream sees it at once, as on the Direct and Flink runners.
            endBundle(operator, consumer, producer, writers, commits);
            hasData = false;
            startBundle(operator, activity.now());
          }
          operator.advanceWatermark(input, wm);
          delivered[input] = wm;
        }
        inputWatermark = Math.min(inputWatermark, delivered[input]);
      }
      counters.inputWatermark.set(inputWatermark);
      long now = activity.now();
      if (operator.nextProcessingTime() <= now) {
        if (!inBundle) {
          operator.startBundle();
          inBundle = true;
        }
        operator.advanceProcessingTime(now);
      }
      if (inBundle) {
        endBundle(operator, consumer, producer, writers, commits);
      } else if (!commits.isEmpty()) {
        consumer.commit(commits);
        commits.clear();
      }
      long hold = operator.outputWatermarkHold();
      long candidate = Math.min(inputWatermark, hold);
      if (candidate > outputWatermark) {
        outputWatermark = candidate;
        for (EdgeWriter writer : writers) {
          writer.publishWatermark(outputWatermark);
        }
        producer.flush();
        counters.outputWatermark.set(outputWatermark);
      }
      long checkpoint = barriers.completeIfAligned(released);
      if (checkpoint != 0) {
        // Everything the records before the barriers caused is out (the bundle ended above), and
        // nothing after them has been processed: the barrier goes between the two.
        for (EdgeWriter writer : writers) {
          writer.publishBarrier(checkpoint);
        }
        producer.flush();
        checkpoints.aligned(workerId, checkpoint, System.currentTimeMillis());
      }
      // Only now has everything these records caused been sent.
      activity.nextClockNeed(workerId, operator.nextProcessingTime());
      activity.handled(handled);
      if (System.currentTimeMillis() - lastMetrics >= METRICS_INTERVAL_MILLIS) {
        latestMetrics = operator.metricsSnapshot();
        lastMetrics = System.currentTimeMillis();
      }
      if (outputWatermark == Watermarks.END) {
        return;
      }
      if (inputWatermark == Watermarks.END && operator.nextProcessingTime() == Long.MAX_VALUE) {
        throw new IllegalStateException(
            describe()
                + ": every input has ended and nothing is scheduled, but the operator still holds"
                + " the watermark at "
                + Watermarks.format(hold));
      }
    }
  }

  /**
   * Starts a bundle at the job's processing time {@code now}: operators learn the time before any
   * element, so that processing-time triggers and timers set in the bundle count from now. Only
   * when nothing is due: due timers fire in the loop's processing-time step, one round per bundle.
   */
  private static void startBundle(StageOperator operator, long now) throws Exception {
    operator.startBundle();
    if (operator.nextProcessingTime() > now) {
      operator.advanceProcessingTime(now);
    }
  }

  /**
   * Ends the open bundle: its output reaches the queues before its input offsets are committed, and
   * only then does the operator learn the bundle committed (bundle finalization).
   */
  private void endBundle(
      StageOperator operator,
      QueueConsumer consumer,
      QueueProducer producer,
      List<EdgeWriter> writers,
      Map<TopicPartition, Long> commits)
      throws Exception {
    operator.finishBundle();
    for (EdgeWriter writer : writers) {
      writer.flush();
    }
    producer.flush();
    counters.bundles.incrementAndGet();
    if (!commits.isEmpty()) {
      consumer.commit(commits);
      commits.clear();
    }
    operator.bundleCommitted();
  }

  private void processData(StageOperator operator, int input, SplitMessage message, PayloadStore payloads)
      throws Exception {
    byte[] data = message.inlineData();
    if (data == null) {
      data = payloads.get(message.payload());
    }
    operator.processSplit(input, new Split(data, message.elementCount()));
    if (message.payload() != null) {
      payloads.release(message.payload());
    }
    counters.splitsIn.incrementAndGet();
    counters.elementsIn.addAndGet(message.elementCount());
    counters.bytesIn.addAndGet(data.length);
  }

  private List<EdgeWriter> openWriters(QueueProducer producer, JobServices services) {
    List<EdgeWriter> writers = new ArrayList<>();
    for (EdgeSpec edge : launch.outputs()) {
      writers.add(
          new EdgeWriter(
              edge,
              TopicNames.topic(launch.jobId(), edge),
              index,
              producer,
              services,
              launch.config(),
              counters));
    }
    return writers;
  }

  private OperatorContext context(List<EdgeWriter> writers, JobActivity activity) {
    return new OperatorContext() {
      @Override
      public void advanceJobClock(long millis) {
        activity.advanceClock(millis);
      }

      @Override
      public boolean jobQuiescent() {
        return activity.quiescent(workerId);
      }

      @Override
      public String stageName() {
        return launch.stage().name();
      }

      @Override
      public int workerIndex() {
        return index;
      }

      @Override
      public int parallelism() {
        return launch.stage().parallelism();
      }

      @Override
      public int maxKeyGroups() {
        return launch.config().maxKeyGroups();
      }

      @Override
      public int outputCount() {
        return writers.size();
      }

      @Override
      public SplitWriter output(int i) {
        return writers.get(i);
      }
    };
  }

  private void checkCancelled() {
    if (cancelled || Thread.currentThread().isInterrupted()) {
      throw new WorkerCancelledException(describe() + " was cancelled");
    }
  }

  private WorkerReport report(WorkerReport.Status status, RemoteFailure failure) {
    return new WorkerReport(
        launch.stage().id(), index, status, failure, latestMetrics, snapshot());
  }

  private void snapshotMetricsQuietly(StageOperator operator) {
    if (operator == null) {
      return;
    }
    try {
      latestMetrics = operator.metricsSnapshot();
    } catch (Exception e) {
      LOG.debug("Could not snapshot the metrics of failed {}", describe(), e);
    }
  }

  private void closeQuietly(StageOperator operator) {
    if (operator == null) {
      return;
    }
    try {
      operator.close();
    } catch (Exception e) {
      LOG.warn("Closing {} failed", describe(), e);
    }
  }
}
