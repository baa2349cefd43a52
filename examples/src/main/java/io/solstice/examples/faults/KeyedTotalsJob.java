package io.solstice.examples.faults;

import io.solstice.io.kafka.SolsticeKafkaSink;
import java.util.HashMap;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.io.kafka.KafkaIO;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.state.StateSpec;
import org.apache.beam.sdk.state.StateSpecs;
import org.apache.beam.sdk.state.TimeDomain;
import org.apache.beam.sdk.state.Timer;
import org.apache.beam.sdk.state.TimerSpec;
import org.apache.beam.sdk.state.TimerSpecs;
import org.apache.beam.sdk.state.ValueState;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Filter;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.kafka.common.serialization.LongDeserializer;
import org.apache.kafka.common.serialization.LongSerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.joda.time.Instant;

/**
 * The job of the fault-injection trials: reads {@code KV<key, value>} records from a Kafka topic
 * (KafkaIO's unbounded splittable-DoFn reader, event time from the records' create times), keeps a
 * count and sum per key in state, and writes through the exactly-once Kafka sink: one {@code
 * r:<value>} per record, and per key, from an event-time timer at the input's end time (which each
 * partition's end marker, a record after it, carries the watermark past), {@code t:<count>:<sum>}.
 * Lost or repeated input, or state restored wrong, changes the output. The job streams until it is
 * cancelled.
 */
public final class KeyedTotalsJob {
  /** Part of the stateful stage's name, for faults. */
  public static final String TOTALS = "KeepTotals";

  private KeyedTotalsJob() {}

  public static Pipeline build(
      PipelineOptions options, String bootstrapServers, String input, Instant endOfInput, String output, String sinkGroup) {
    Pipeline pipeline = Pipeline.create(options);
    pipeline
        .apply(
            "ReadInput",
            KafkaIO.<Long, Long>read()
                .withBootstrapServers(bootstrapServers)
                .withTopic(input)
                .withKeyDeserializerAndCoder(LongDeserializer.class, VarLongCoder.of())
                .withValueDeserializerAndCoder(LongDeserializer.class, VarLongCoder.of())
                // From the first record, not from a consumer's position: KafkaIO keeps its consumers
                // per JVM across restarts (Beam's MemoizingPerInstantiationSerializableSupplier), so in
                // local mode a restart from the start, before any checkpoint, would otherwise begin
                // where the failed attempt's consumer stood.
                .withStartReadTime(new Instant(0))
                .withCreateTime(org.joda.time.Duration.ZERO)
                .withoutMetadata())
        .apply("DropEndMarkers", Filter.by(record -> record.getValue() >= 0))
        .apply(TOTALS, ParDo.of(new KeepTotals(endOfInput)))
        .apply(
            "WriteOutput",
            SolsticeKafkaSink.<Long, String>write()
                .withBootstrapServers(bootstrapServers)
                .withTopic(output)
                .withKeySerializer(LongSerializer.class)
                .withValueSerializer(StringSerializer.class)
                .withSinkGroupId(sinkGroup));
    return pipeline;
  }

  /** What the job writes for input values {@code 0..records-1} with key {@code value % keys}. */
  public static Map<String, Integer> expectedOutput(long records, int keys) {
    Map<String, Integer> expected = new HashMap<>();
    long[] counts = new long[keys];
    long[] sums = new long[keys];
    for (long value = 0; value < records; value++) {
      int key = (int) (value % keys);
      expected.merge(key + "|r:" + value, 1, Integer::sum);
      counts[key]++;
      sums[key] += value;
    }
    for (int key = 0; key < keys; key++) {
      if (counts[key] > 0) {
        expected.merge(key + "|t:" + counts[key] + ":" + sums[key], 1, Integer::sum);
      }
    }
    return expected;
  }

  /** Passes each record on and keeps a count and sum per key, written out when the input ends. */
  static final class KeepTotals extends DoFn<KV<Long, Long>, KV<Long, String>> {
    @StateId("count")
    private final StateSpec<ValueState<Long>> countSpec = StateSpecs.value(VarLongCoder.of());

    @StateId("sum")
    private final StateSpec<ValueState<Long>> sumSpec = StateSpecs.value(VarLongCoder.of());

    @TimerId("end")
    private final TimerSpec endSpec = TimerSpecs.timer(TimeDomain.EVENT_TIME);

    private final Instant endOfInput;

    KeepTotals(Instant endOfInput) {
      this.endOfInput = endOfInput;
    }

    @ProcessElement
    public void process(
        @Element KV<Long, Long> record,
        @StateId("count") ValueState<Long> count,
        @StateId("sum") ValueState<Long> sum,
        @TimerId("end") Timer end,
        OutputReceiver<KV<Long, String>> out) {
      out.output(KV.of(record.getKey(), "r:" + record.getValue()));
      Long soFar = count.read();
      if (soFar == null) {
        end.set(endOfInput);
        soFar = 0L;
      }
      count.write(soFar + 1);
      Long total = sum.read();
      sum.write((total == null ? 0 : total) + record.getValue());
    }

    @OnTimer("end")
    public void end(
        @Key Long key,
        @StateId("count") ValueState<Long> count,
        @StateId("sum") ValueState<Long> sum,
        OutputReceiver<KV<Long, String>> out) {
      out.output(KV.of(key, "t:" + count.read() + ":" + sum.read()));
    }
  }
}
