package io.solstice.examples.streaming;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.transforms.Combine.CombineFn;
import org.apache.beam.sdk.values.KV;

/**
 * Counts event times and keeps the newest: in, an event's time in millis; out, {@code KV(count,
 * newest event millis)}. The newest event time lets a reader of a pane see how fresh it is.
 */
final class CountAndLatest extends CombineFn<Long, CountAndLatest.Accumulator, KV<Long, Long>> {

  static final class Accumulator {
    long count;
    long latest = Long.MIN_VALUE;
  }

  @Override
  public Accumulator createAccumulator() {
    return new Accumulator();
  }

  @Override
  public Accumulator addInput(Accumulator accumulator, Long eventMillis) {
    accumulator.count++;
    accumulator.latest = Math.max(accumulator.latest, eventMillis);
    return accumulator;
  }

  @Override
  public Accumulator mergeAccumulators(Iterable<Accumulator> accumulators) {
    Accumulator merged = new Accumulator();
    for (Accumulator accumulator : accumulators) {
      merged.count += accumulator.count;
      merged.latest = Math.max(merged.latest, accumulator.latest);
    }
    return merged;
  }

  @Override
  public KV<Long, Long> extractOutput(Accumulator accumulator) {
    return KV.of(accumulator.count, accumulator.latest);
  }

  @Override
  public Coder<Accumulator> getAccumulatorCoder(CoderRegistry registry, Coder<Long> inputCoder) {
    return new AccumulatorCoder();
  }

  @Override
  public Coder<KV<Long, Long>> getDefaultOutputCoder(CoderRegistry registry, Coder<Long> inputCoder) {
    return KvCoder.of(VarLongCoder.of(), VarLongCoder.of());
  }

  private static final class AccumulatorCoder extends AtomicCoder<Accumulator> {
    @Override
    public void encode(Accumulator value, OutputStream out) throws IOException {
      VarLongCoder.of().encode(value.count, out);
      VarLongCoder.of().encode(value.latest, out);
    }

    @Override
    public Accumulator decode(InputStream in) throws IOException {
      Accumulator accumulator = new Accumulator();
      accumulator.count = VarLongCoder.of().decode(in);
      accumulator.latest = VarLongCoder.of().decode(in);
      return accumulator;
    }
  }
}
