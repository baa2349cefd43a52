package io.solstice.runner;

import io.solstice.engine.Serialization;
import io.solstice.engine.operator.CheckpointNotReadyException;
import io.solstice.engine.operator.KeyGroups;
import io.solstice.engine.operator.OperatorContext;
import io.solstice.engine.operator.OperatorSnapshot;
import io.solstice.engine.operator.Split;
import io.solstice.engine.operator.StageOperator;
import io.solstice.engine.operator.Watermarks;
import io.solstice.translation.runtime.FusedStage;
import io.solstice.translation.runtime.FusedStageSpec;
import io.solstice.translation.runtime.GroupingMemory;
import io.solstice.translation.runtime.JobClock;
import io.solstice.translation.runtime.OperatorState;
import io.solstice.translation.runtime.SnapshotNotReadyException;
import io.solstice.translation.runtime.StageOutput;
import java.io.Closeable;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.runners.core.construction.SerializablePipelineOptions;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * Runs a translated stage on an engine worker: decodes the splits of each input with its edge's
 * coder, pushes the elements through the {@link FusedStage}, and encodes what the stage emits into
 * the splits of its output edges. Watermarks are converted between engine millis and Beam time.
 */
final class BeamStageOperator implements StageOperator {
  private final FusedStageSpec spec;
  private final List<EdgeCodec> inputs;
  private final List<EdgeCodec> outputs;
  private final SerializablePipelineOptions options;
  /** Whether batch grouping steps may spill to disk (not when a step waits for checkpoints). */
  private final boolean spill;
  private FusedStage stage;

  BeamStageOperator(
      FusedStageSpec spec, List<EdgeCodec> inputs, List<EdgeCodec> outputs, SerializablePipelineOptions options, boolean spill) {
    this.spec = spec;
    this.inputs = inputs;
    this.outputs = outputs;
    this.options = options;
    this.spill = spill;
  }

  @Override
  public void open(OperatorContext context) throws Exception {
    List<StageOutput> receivers = new ArrayList<>();
    for (int i = 0; i < outputs.size(); i++) {
      EdgeCodec codec = outputs.get(i);
      var writer = context.output(i);
      receivers.add(value -> codec.write(value, writer));
    }
    int maxKeyGroups = context.maxKeyGroups();
    stage =
        new FusedStage(
            spec,
            options.get(),
            context.workerIndex(),
            context.parallelism(),
            receivers,
            key -> KeyGroups.keyGroupOf(key, maxKeyGroups),
            new JobClock() {
              @Override
              public void advance(Duration by) {
                context.advanceJobClock(by.getMillis());
              }

              @Override
              public boolean quiescent() {
                return context.jobQuiescent();
              }
            },
            context.checkpointing(),
            spill
                ? GroupingMemoryBudget.of(options.get().as(SolsticePipelineOptions.class), context.parallelism())
                : GroupingMemory.unlimited());
    stage.open();
  }

  @Override
  public void startBundle() throws Exception {
    stage.startBundle();
  }

  @Override
  public void processSplit(int input, Split split) throws Exception {
    try (Closeable scope = stage.deliveryScope()) {
      inputs.get(input).read(split, value -> stage.process(input, value));
    }
  }

  @Override
  public void advanceWatermark(int input, long watermark) throws Exception {
    stage.advanceWatermark(input, toBeam(watermark));
  }

  @Override
  public void advanceProcessingTime(long nowMillis) throws Exception {
    stage.advanceProcessingTime(new Instant(nowMillis));
  }

  @Override
  public long nextProcessingTime() {
    return toMillis(stage.nextProcessingTime());
  }

  @Override
  public void advanceSynchronizedProcessingTime(long millis) throws Exception {
    stage.advanceSynchronizedProcessingTime(new Instant(millis));
  }

  @Override
  public long nextSynchronizedProcessingTime() {
    return toMillis(stage.nextSynchronizedProcessingTime());
  }

  private static long toMillis(Instant next) {
    return next.isBefore(BoundedWindow.TIMESTAMP_MAX_VALUE) ? next.getMillis() : Long.MAX_VALUE;
  }

  @Override
  public void finishBundle() throws Exception {
    stage.finishBundle();
  }

  @Override
  public void bundleCommitted() throws Exception {
    stage.bundleCommitted();
  }

  @Override
  public long outputWatermarkHold() {
    return toEngine(stage.watermarkHold());
  }

  @Override
  public OperatorSnapshot snapshotState(long checkpointId) throws Exception {
    OperatorState state;
    try {
      state = stage.snapshotState(checkpointId);
    } catch (SnapshotNotReadyException e) {
      throw new CheckpointNotReadyException(e.getMessage(), e);
    }
    return new OperatorSnapshot(state.keyGroups(), state.local());
  }

  @Override
  public void restoreState(OperatorSnapshot snapshot) throws Exception {
    stage.restoreState(new OperatorState(snapshot.keyGroups(), snapshot.local()));
  }

  @Override
  public void checkpointCompleted(long checkpointId) throws Exception {
    stage.checkpointCompleted(checkpointId);
  }

  @Override
  public long spilledBytes() {
    return stage == null ? 0 : stage.spilledBytes();
  }

  @Override
  public byte[] metricsSnapshot() {
    return Serialization.toBytes(stage.metricsSnapshot());
  }

  @Override
  public void close() {
    if (stage != null) {
      stage.close();
    }
  }

  static Instant toBeam(long watermark) {
    if (watermark == Watermarks.END || watermark >= BoundedWindow.TIMESTAMP_MAX_VALUE.getMillis()) {
      return BoundedWindow.TIMESTAMP_MAX_VALUE;
    }
    if (watermark <= BoundedWindow.TIMESTAMP_MIN_VALUE.getMillis()) {
      return BoundedWindow.TIMESTAMP_MIN_VALUE;
    }
    return new Instant(watermark);
  }

  static long toEngine(Instant hold) {
    if (!hold.isBefore(BoundedWindow.TIMESTAMP_MAX_VALUE)) {
      return Watermarks.END;
    }
    if (!hold.isAfter(BoundedWindow.TIMESTAMP_MIN_VALUE)) {
      return Watermarks.START;
    }
    return hold.getMillis();
  }
}
