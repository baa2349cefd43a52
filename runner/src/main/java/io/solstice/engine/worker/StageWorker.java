package io.solstice.engine.worker;

import io.solstice.engine.Memoized;
import io.solstice.engine.RemoteFailure;
import io.solstice.engine.Serialization;
import io.solstice.engine.control.InputHandover;
import io.solstice.engine.control.RoleRequest;
import io.solstice.engine.control.StageLaunch;
import io.solstice.engine.control.StageRestore;
import io.solstice.engine.control.WorkerLaunch;
import io.solstice.engine.control.WorkerProgress;
import io.solstice.engine.control.WorkerReport;
import io.solstice.engine.fault.FaultInjector;
import io.solstice.engine.fault.FaultPoint;
import io.solstice.engine.graph.EdgeSpec;
import io.solstice.engine.host.JobSignals;
import io.solstice.engine.host.Role;
import io.solstice.engine.host.RoleContext;
import io.solstice.engine.operator.CheckpointNotReadyException;
import io.solstice.engine.operator.OperatorContext;
import io.solstice.engine.operator.Split;
import io.solstice.engine.operator.SplitWriter;
import io.solstice.engine.operator.StageOperator;
import io.solstice.engine.operator.Watermarks;
import io.solstice.engine.queue.QueueConsumer;
import io.solstice.engine.queue.QueueProducer;
import io.solstice.engine.queue.QueueRecord;
import io.solstice.engine.queue.SplitMessage;
import io.solstice.engine.queue.TopicNames;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One worker of a stage, a role on an executor: reads its partitions of the stage's input edges,
 * drives the stage operator in bundles, writes its output splits, commits input offsets, announces
 * its output watermark and takes part in checkpoints. It ends once every input has ended and the
 * operator holds nothing back.
 */
public final class StageWorker implements Role {
  private static final Logger LOG = LoggerFactory.getLogger(StageWorker.class);
  private static final long METRICS_INTERVAL_MILLIS = 1_000;

  private final RoleContext context;
  private final StageLaunch launch;
  private final int index;
  private final InputHandover handover;
  private final String workerId;
  private final JobSignals signals;
  private final CoordinatorClient coordinator;
  private final WorkerCounters counters = new WorkerCounters();
  private final FaultInjector faults;
  private volatile boolean cancelled;
  private volatile Thread runner;
  private volatile String state = "CREATED";
  private volatile byte[] latestMetrics;
  private volatile RoleRequest.Retire retire;
  private StageOperator held;
  private InputChannels inputs;

  public StageWorker(RoleContext context, byte[] launchBytes) {
    WorkerLaunch worker = Serialization.fromBytes(launchBytes, WorkerLaunch.class);
    this.context = context;
    this.launch = worker.stage();
    this.index = worker.index();
    this.handover = worker.handover();
    this.workerId = launch.workerId(index);
    this.signals = context.signals();
    this.coordinator = new CoordinatorClient(launch.jobId(), workerId, launch.coordinator(), context.executors());
    this.faults = launch.faultInjector(index);
  }

  private String describe() {
    return "stage '" + launch.stage().name() + "' worker " + index
        + (launch.generation() == 0 ? "" : " (pool " + launch.generation() + ")");
  }

  /** How the loop ended: the input's end, or retirement from a rescaled pool. */
  private record Ending(InputHandover handover, byte[] retiredState) {}

  @Override
  public byte[] run() {
    return Serialization.toBytes(execute());
  }

  /**
   * Runs to the end of the input, a failure, or cancellation. Throws only an injected crash: the
   * worker then dies without a report, its operator dropped as it was.
   */
  WorkerReport execute() {
    runner = Thread.currentThread();
    // Log lines then name the worker rather than an executor thread.
    runner.setName("worker " + workerId + " " + launch.stage().name());
    StageOperator operator = null;
    try (QueueConsumer consumer =
            context.transport().createConsumer(TopicNames.group(launch.jobId(), launch.stage().id()));
        QueueProducer producer = new TimedProducer(context.transport().createProducer(), counters.sendNanos)) {
      operator = launch.stage().operatorFactory().create();
      List<EdgeWriter> writers = openWriters(producer);
      operator.open(operatorContext(writers));
      InputChannels inputs = new InputChannels(launch, index, consumer);
      this.inputs = inputs;
      restore(operator, inputs);
      state = "RUNNING";
      StageOperator snapshotted = operator;
      Ending ending;
      try (SnapshotUploader uploader =
          new SnapshotUploader(
              workerId,
              StageRestore.stateFileName(launch.stage().id(), index),
              new Memoized<>(() -> launch.config().checkpoints().storage(launch.checkpointJob())),
              coordinator,
              faults)) {
        CheckpointAlignment checkpoints =
            new CheckpointAlignment(
                inputs.ownedPartitions(),
                inputs.producersPerPartition(),
                inputs.seededInputs(),
                coordinator,
                id -> WorkerStateFile.encode(id, workerId, inputs.seedsRead(), snapshotted.snapshotState(id)),
                uploader,
                faults);
        checkpoints.register();
        try {
          ending = process(operator, inputs, producer, writers, checkpoints);
        } finally {
          signals.nextClockNeed(workerId, Long.MAX_VALUE);
        }
        if (ending.retiredState() != null) {
          coordinator.retired();
          latestMetrics = operator.metricsSnapshot();
          counters.spilledBytes.set(operator.spilledBytes());
          state = "RETIRED";
          return report(WorkerReport.Status.RETIRED, null, ending);
        }
        // Only a worker that ended with its input counts as ended in checkpoints: one that failed
        // or was cancelled must never be restored as ended.
        checkpoints.finished();
      }
      latestMetrics = operator.metricsSnapshot();
      counters.spilledBytes.set(operator.spilledBytes());
      state = "SUCCEEDED";
      // Torn down on release, once the whole stage has ended.
      hold(operator);
      operator = null;
      return report(WorkerReport.Status.SUCCEEDED, null, ending);
    } catch (Throwable t) {
      if (faults.crashed()) {
        // However user code wrapped it: the worker dies here, its operator dropped as it was.
        operator = null;
        throw faults.crash();
      }
      if (cancelled) {
        state = "CANCELLED";
        LOG.debug("{} stopped on cancellation", describe(), t);
        return report(WorkerReport.Status.CANCELLED, null);
      }
      state = "FAILED";
      LOG.error("{} failed", describe(), t);
      snapshotMetricsQuietly(operator);
      Throwable failure =
          OutOfMemoryFailure.explain(t, describe(), Runtime.getRuntime().maxMemory(), launch.config());
      return report(WorkerReport.Status.FAILED, RemoteFailure.of(failure));
    } finally {
      closeQuietly(operator);
      runner = null;
      Thread.interrupted();
    }
  }

  /**
   * Restoring from a checkpoint: the operator's state (its key groups, if the stage had another
   * number of workers then), and the driver's seeds that had been read passed over.
   */
  private void restore(StageOperator operator, InputChannels inputs) throws Exception {
    StageRestore restore = launch.restore();
    if (restore == null) {
      return;
    }
    RestoredState restored = RestoredState.read(launch, index);
    operator.restoreState(restored.operator());
    inputs.restoredSeeds(restored.seedsRead());
    if (restore.handedOver()) {
      LOG.info(
          "{} took over {} bytes of state ({} key groups) from the {} worker(s) before the rescale",
          describe(), restored.bytes(), restored.operator().keyGroups().size(), restore.workers());
    } else if (restored.files() == 0) {
      LOG.info("{} had ended by checkpoint {}: it starts as ended", describe(), restore.checkpointId());
    } else {
      LOG.info(
          "{} restored {} bytes of state ({} key groups) from {} state file(s) of checkpoint {}, taken with {} worker(s)",
          describe(), restored.bytes(), restored.operator().keyGroups().size(), restored.files(),
          restore.checkpointId(), restore.workers());
    }
  }

  /**
   * The loop: read, process in bundles, move watermarks and the clock, align checkpoints; until
   * the output has ended or this worker retires from a rescaled pool.
   */
  private Ending process(
      StageOperator operator,
      InputChannels inputs,
      QueueProducer producer,
      List<EdgeWriter> writers,
      CheckpointAlignment checkpoints)
      throws Exception {
    WatermarkTracker watermarks = new WatermarkTracker(inputs.ownedPartitions(), inputs.producersPerPartition());
    OperatorClock clock =
        new OperatorClock(signals, inputs.ownedPartitions(), inputs.producersPerPartition(), operator);
    InputChannelState channels = new InputChannelState(inputs, watermarks, clock, checkpoints);
    if (handover != null) {
      channels.takeOver(handover);
    }
    Bundles bundles = new Bundles(operator, inputs, writers, producer, watermarks, clock, counters);
    long lastMetrics = System.currentTimeMillis();
    long notifiedCheckpoint = 0;
    while (true) {
      checkCancelled();
      faults.checkAlive();
      checkpoints.requested(signals.requestedCheckpoint());
      inputs.requeueFirst(checkpoints.takeAbandoned());
      long wakeUp = clock.nextNeed() - clock.now();
      long timeout = Math.max(0, Math.min(launch.config().pollTimeoutMillis(), wakeUp));
      long pollStart = counters.pollStarted();
      List<QueueRecord> records = inputs.next(timeout, launch.config().maxBundleSplits());
      counters.pollEnded(pollStart);
      counters.inputBacklog.set(inputs.backlog());
      counters.spilledBytes.set(operator.spilledBytes());
      int handled = 0;
      for (int i = 0; i < records.size(); i++) {
        QueueRecord record = records.get(i);
        if (checkpoints.givesUpAlignment(record)) {
          // What the given-up alignment held came before this barrier and the rest of the poll.
          List<QueueRecord> first = new ArrayList<>(checkpoints.takeAbandoned());
          first.addAll(records.subList(i, records.size()));
          inputs.requeueFirst(first);
          break;
        }
        InputChannels.Source source = inputs.source(record);
        if (channels.waitsForSwitch(source, record) || !checkpoints.admit(source, record)) {
          continue;
        }
        handle(operator, bundles, checkpoints, watermarks, clock, channels, source, record);
        handled++;
        List<QueueRecord> switched = channels.takeReady();
        if (!switched.isEmpty()) {
          // Their partition switched to its new producers: they come before the rest of the poll.
          List<QueueRecord> first = new ArrayList<>(switched);
          first.addAll(records.subList(i + 1, records.size()));
          inputs.requeueFirst(first);
          break;
        }
        if (inputs.isSeed(record) && checkpoints.due(signals.requestedCheckpoint()) || retire != null) {
          // A source reading shards aligns between two of them, not after every shard it polled;
          // a worker leaving its pool goes after this record, what it polled after handed over.
          inputs.requeueFirst(new ArrayList<>(records.subList(i + 1, records.size())));
          break;
        }
      }
      for (int input = 0; input < inputs.inputs(); input++) {
        if (watermarks.advanced(input)) {
          bundles.openForWatermark();
          clock.watermarkDelivered(input, watermarks.deliver(operator, input));
        }
      }
      clock.settle();
      long inputWatermark = watermarks.inputWatermark();
      counters.inputWatermark.set(inputWatermark);
      if (clock.timersDue()) {
        bundles.ensureOpenForTimers();
        clock.advance();
      }
      bundles.endOrCommit();
      long hold = operator.outputWatermarkHold();
      if (watermarks.publishOutput(hold, writers)) {
        producer.flush();
      }
      counters.outputWatermark.set(watermarks.outputWatermark());
      // A source aligns on the request: one that came during this iteration's long calls (a
      // splittable DoFn's reads) is taken now rather than after the next iteration.
      checkpoints.requested(signals.requestedCheckpoint());
      // Everything the records before the barriers caused is out: the bundle ended above.
      checkpoints.completeIfAligned(inputs.releasedRecords(), writers, producer);
      long completed = signals.completedCheckpoint();
      if (completed > notifiedCheckpoint) {
        // In a bundle of its own: input a checkpoint made stable may now be processed.
        bundles.ensureOpenForTimers();
        operator.checkpointCompleted(completed);
        bundles.endOrCommit();
        notifiedCheckpoint = completed;
      }
      // Only now has everything these records caused been sent.
      signals.nextClockNeed(workerId, clock.nextNeed());
      signals.handled(handled);
      if (System.currentTimeMillis() - lastMetrics >= METRICS_INTERVAL_MILLIS) {
        latestMetrics = operator.metricsSnapshot();
        lastMetrics = System.currentTimeMillis();
      }
      if (watermarks.outputWatermark() == Watermarks.END) {
        // Handed over too: a pool rescaled as this worker ended takes its partitions as ended.
        return new Ending(launch.stage().elastic() ? channels.handOver(checkpoints.lastAligned()) : null, null);
      }
      RoleRequest.Retire retiring = retire;
      if (retiring != null) {
        return retireNow(retiring.nextWorkers(), inputs, checkpoints, channels, writers, producer);
      }
      if (inputWatermark == Watermarks.END && clock.nextNeed() == Long.MAX_VALUE) {
        throw new IllegalStateException(
            describe()
                + ": every input has ended and nothing is scheduled, but the operator still holds"
                + " the watermark at "
                + Watermarks.format(hold));
      }
    }
  }

  /**
   * Leaves the rescaled pool now, between two bundles (the last one ended, its output sent and its
   * input committed): the operator's state and what was read but not processed go to the master
   * for the new pool, then a retirement on every output partition after everything this worker
   * sent. No checkpoint is under way (the coordinator allows a rescale only between them).
   */
  private Ending retireNow(
      int nextWorkers,
      InputChannels inputs,
      CheckpointAlignment checkpoints,
      InputChannelState channels,
      List<EdgeWriter> writers,
      QueueProducer producer)
      throws Exception {
    byte[] state;
    try {
      channels.returnWaiting(inputs.releasedRecords());
      state = checkpoints.stateToHandOver(inputs.releasedRecords());
    } catch (CheckpointNotReadyException e) {
      throw new IllegalStateException(
          describe() + " cannot leave its rescaled pool: its state cannot be taken now (" + e.getMessage() + ")", e);
    }
    faults.reached(FaultPoint.RETIRING);
    for (EdgeWriter writer : writers) {
      writer.publishRetire(nextWorkers);
    }
    producer.flush();
    inputs.commit();
    LOG.info("{} retired with {} bytes of state; {} worker(s) take over", describe(), state.length, nextWorkers);
    return new Ending(channels.handOver(checkpoints.lastAligned()), state);
  }

  /** One admitted record: data goes to the operator in the open bundle, barriers to alignment. */
  private void handle(
      StageOperator operator,
      Bundles bundles,
      CheckpointAlignment checkpoints,
      WatermarkTracker watermarks,
      OperatorClock clock,
      InputChannelState channels,
      InputChannels.Source source,
      QueueRecord record)
      throws Exception {
    SplitMessage message = record.message();
    // Asked before the record counts as read, which would make every seed look replayed.
    boolean replayed = inputs.replayed(record);
    inputs.handled(record);
    // Only recorded here; the operator learns watermarks after the records of this poll.
    watermarks.observe(source.input, source.slot, message.producer(), message.watermark());
    if (message.kind() == SplitMessage.Kind.DATA) {
      bundles.ensureOpen();
    }
    clock.arrived(source.input, source.slot, message);
    if (message.kind() == SplitMessage.Kind.DATA && replayed) {
      discardData(message);
    } else if (message.kind() == SplitMessage.Kind.DATA) {
      processData(operator, source.input, message);
      bundles.dataProcessed();
      faults.reached(FaultPoint.MID_BUNDLE);
    } else if (message.kind() == SplitMessage.Kind.BARRIER) {
      checkpoints.barrier(source, record);
    }
    if (message.watermark() == Watermarks.END) {
      checkpoints.ended(source, record);
    }
    if (message.watermark() == Watermarks.END || message.kind() == SplitMessage.Kind.RETIRE) {
      channels.producerLeft(source, message);
    }
  }

  private void processData(StageOperator operator, int input, SplitMessage message) throws Exception {
    byte[] data = message.inlineData();
    if (data == null) {
      data = context.payloads().take(message.payload());
    }
    operator.processSplit(input, new Split(data, message.elementCount()));
    counters.splitsIn.incrementAndGet();
    counters.elementsIn.addAndGet(message.elementCount());
    counters.bytesIn.addAndGet(data.length);
  }

  /** A seed processed before the restored checkpoint: its payload is taken only to be freed. */
  private void discardData(SplitMessage message) {
    if (message.inlineData() == null) {
      context.payloads().take(message.payload());
    }
  }

  private List<EdgeWriter> openWriters(QueueProducer producer) {
    List<EdgeWriter> writers = new ArrayList<>();
    for (EdgeSpec edge : launch.outputs()) {
      writers.add(
          new EdgeWriter(
              edge,
              TopicNames.topic(launch.jobId(), edge),
              index,
              producer,
              context.payloads(),
              signals,
              launch.config(),
              counters,
              faults));
    }
    return writers;
  }

  private OperatorContext operatorContext(List<EdgeWriter> writers) {
    return new OperatorContext() {
      @Override
      public void advanceJobClock(long millis) {
        if (!signals.manualClock()) {
          throw new IllegalStateException("Only a manual job clock can be advanced");
        }
        coordinator.advanceClock(millis);
      }

      @Override
      public boolean jobQuiescent() {
        return coordinator.quiescent();
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
      public boolean checkpointing() {
        return launch.config().checkpoints().enabled();
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

  private synchronized void hold(StageOperator operator) {
    held = operator;
  }

  /** Closes the operator this worker kept open after succeeding (its DoFns' teardown). */
  private synchronized void release() {
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

  /**
   * Its JVM is spiralling in garbage collection: the worker fails now, saying so; a worker that is
   * not running (not started, ending, or cancelled) keeps to its own report.
   */
  @Override
  public byte[] failedReport(Throwable cause) {
    if (cancelled || !"RUNNING".equals(state)) {
      return null;
    }
    LOG.error("{} fails: {}", describe(), cause.getMessage());
    return Serialization.toBytes(
        report(WorkerReport.Status.FAILED, RemoteFailure.of(OutOfMemoryFailure.thrashing(cause, describe(), launch.config()))));
  }

  @Override
  public Serializable handle(RoleRequest request) {
    if (request instanceof RoleRequest.Progress) {
      return progress();
    } else if (request instanceof RoleRequest.Metrics) {
      byte[] metrics = latestMetrics;
      return metrics == null ? new byte[0] : metrics;
    } else if (request instanceof RoleRequest.Release) {
      release();
      return Boolean.TRUE;
    } else if (request instanceof RoleRequest.Retire) {
      retire = (RoleRequest.Retire) request;
      return Boolean.TRUE;
    }
    throw new IllegalArgumentException("A stage worker does not answer " + request.getClass().getSimpleName());
  }

  private WorkerProgress progress() {
    return counters.snapshot(launch.stage().id(), index, state);
  }

  private void checkCancelled() {
    if (cancelled || Thread.currentThread().isInterrupted()) {
      throw new WorkerCancelledException(describe() + " was cancelled");
    }
  }

  private WorkerReport report(WorkerReport.Status status, RemoteFailure failure) {
    return report(status, failure, null);
  }

  /** With what an ending worker hands over, should its pool be rescaled. */
  private WorkerReport report(WorkerReport.Status status, RemoteFailure failure, Ending ending) {
    return new WorkerReport(
        launch.stage().id(), index, status, failure, latestMetrics, progress(),
        ending == null ? null : ending.handover(), ending == null ? null : ending.retiredState());
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
