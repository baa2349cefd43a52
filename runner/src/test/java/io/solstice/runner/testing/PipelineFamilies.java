package io.solstice.runner.testing;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.io.GenerateSequence;
import org.apache.beam.sdk.state.BagState;
import org.apache.beam.sdk.state.StateSpec;
import org.apache.beam.sdk.state.StateSpecs;
import org.apache.beam.sdk.state.TimeDomain;
import org.apache.beam.sdk.state.Timer;
import org.apache.beam.sdk.state.TimerSpec;
import org.apache.beam.sdk.state.TimerSpecs;
import org.apache.beam.sdk.transforms.Count;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.FlatMapElements;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Sum;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.transforms.WithTimestamps;
import org.apache.beam.sdk.transforms.join.CoGbkResult;
import org.apache.beam.sdk.transforms.join.CoGroupByKey;
import org.apache.beam.sdk.transforms.join.KeyedPCollectionTuple;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.FixedWindows;
import org.apache.beam.sdk.transforms.windowing.IntervalWindow;
import org.apache.beam.sdk.transforms.windowing.Sessions;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.joda.time.Duration;
import org.joda.time.Instant;

/** Pipelines of the families a runner must get right, each producing text lines to compare. */
public final class PipelineFamilies {
  private PipelineFamilies() {}

  /** Word counts over 2,000 generated lines: a combine after a keyed shuffle. */
  public static PCollection<String> wordCount(Pipeline pipeline) {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 2_000; i++) {
      lines.add("the quick brown fox " + (i % 37) + " jumps over the lazy dog " + (i % 11));
    }
    return pipeline
        .apply(Create.of(lines))
        .apply(FlatMapElements.into(TypeDescriptors.strings()).via((String line) -> List.of(line.split(" "))))
        .apply(Count.perElement())
        .apply(MapElements.into(TypeDescriptors.strings()).via((KV<String, Long> kv) -> kv.getKey() + ": " + kv.getValue()));
  }

  /** Users joined with their orders by CoGroupByKey; some users have none, some orders no user. */
  public static PCollection<String> coGroupByKeyJoin(Pipeline pipeline) {
    PCollection<KV<Long, String>> users =
        pipeline
            .apply("Users", GenerateSequence.from(0).to(500))
            .apply("UserRows", MapElements.into(TypeDescriptors.kvs(TypeDescriptors.longs(), TypeDescriptors.strings()))
                .via(n -> KV.of(n, "user" + n)));
    PCollection<KV<Long, Long>> orders =
        pipeline
            .apply("Orders", GenerateSequence.from(0).to(3_000))
            .apply("OrderRows", MapElements.into(TypeDescriptors.kvs(TypeDescriptors.longs(), TypeDescriptors.longs()))
                .via(n -> KV.of((n * 7) % 600, n)));
    TupleTag<String> userTag = new TupleTag<>();
    TupleTag<Long> orderTag = new TupleTag<>();
    return KeyedPCollectionTuple.of(userTag, users)
        .and(orderTag, orders)
        .apply(CoGroupByKey.create())
        .apply(ParDo.of(new FormatJoin(userTag, orderTag)));
  }

  /** A singleton side input per window (the window's sum) and a map side input in the global window. */
  public static PCollection<String> sideInputs(Pipeline pipeline) {
    PCollection<Long> numbers =
        pipeline
            .apply(GenerateSequence.from(0).to(3_000))
            .apply(WithTimestamps.of((Long n) -> new Instant(n * 100)))
            .apply(Window.into(FixedWindows.of(Duration.standardMinutes(1))));
    PCollectionView<Long> total = numbers.apply(Sum.longsGlobally().withoutDefaults().asSingletonView());
    PCollectionView<Map<Long, String>> names =
        pipeline
            .apply("Names", Create.of(KV.of(0L, "zero"), KV.of(1L, "one"), KV.of(2L, "two")))
            .apply("NameMap", View.asMap());
    return numbers.apply(ParDo.of(new Describe(total, names)).withSideInputs(total, names));
  }

  /** Session windows (merging) per key: the sessions and their sizes. */
  public static PCollection<String> sessionWindows(Pipeline pipeline) {
    return pipeline
        .apply(GenerateSequence.from(0).to(2_000))
        // Bursts of activity per key: a key's events cluster into sessions with gaps between them.
        .apply(WithTimestamps.of((Long n) -> new Instant((n / 50) * 60_000 + (n % 50) * 1_000)))
        .apply(MapElements.into(TypeDescriptors.kvs(TypeDescriptors.strings(), TypeDescriptors.longs()))
            .via((Long n) -> KV.of("key" + (n / 50) % 7, n)))
        .apply(Window.into(Sessions.withGapDuration(Duration.standardSeconds(90))))
        .apply(GroupByKey.create())
        .apply(ParDo.of(new FormatSession()));
  }

  /**
   * A stateful DoFn with event-time timers: per key and window, values are buffered in state and
   * emitted, sorted, by a timer at the window's end.
   */
  public static PCollection<String> statefulTimers(Pipeline pipeline) {
    return pipeline
        .apply(GenerateSequence.from(0).to(3_000))
        .apply(WithTimestamps.of((Long n) -> new Instant(n * 997 % 600_000)))
        .apply(MapElements.into(TypeDescriptors.kvs(TypeDescriptors.longs(), TypeDescriptors.longs()))
            .via((Long n) -> KV.of(n % 13, n)))
        .apply(Window.into(FixedWindows.of(Duration.standardMinutes(2))))
        .apply(ParDo.of(new BufferUntilWindowEnd()));
  }

  static final class FormatJoin extends DoFn<KV<Long, CoGbkResult>, String> {
    private final TupleTag<String> userTag;
    private final TupleTag<Long> orderTag;

    FormatJoin(TupleTag<String> userTag, TupleTag<Long> orderTag) {
      this.userTag = userTag;
      this.orderTag = orderTag;
    }

    @ProcessElement
    public void process(@Element KV<Long, CoGbkResult> row, OutputReceiver<String> out) {
      List<Long> orders = new ArrayList<>();
      row.getValue().getAll(orderTag).forEach(orders::add);
      Collections.sort(orders);
      out.output(row.getKey() + " " + row.getValue().getOnly(userTag, "nobody") + " " + orders);
    }
  }

  static final class Describe extends DoFn<Long, String> {
    private final PCollectionView<Long> total;
    private final PCollectionView<Map<Long, String>> names;

    Describe(PCollectionView<Long> total, PCollectionView<Map<Long, String>> names) {
      this.total = total;
      this.names = names;
    }

    @ProcessElement
    public void process(ProcessContext c) {
      long n = c.element();
      c.output(n + " of window total " + c.sideInput(total) + " named " + c.sideInput(names).getOrDefault(n % 4, "many"));
    }
  }

  static final class FormatSession extends DoFn<KV<String, Iterable<Long>>, String> {
    @ProcessElement
    public void process(@Element KV<String, Iterable<Long>> session, IntervalWindow window, OutputReceiver<String> out) {
      long count = 0;
      long sum = 0;
      for (long n : session.getValue()) {
        count++;
        sum += n;
      }
      out.output(session.getKey() + " " + window + " count=" + count + " sum=" + sum);
    }
  }

  static final class BufferUntilWindowEnd extends DoFn<KV<Long, Long>, String> {
    @StateId("buffer")
    private final StateSpec<BagState<Long>> bufferSpec = StateSpecs.bag(VarLongCoder.of());

    @TimerId("windowEnd")
    private final TimerSpec windowEndSpec = TimerSpecs.timer(TimeDomain.EVENT_TIME);

    @ProcessElement
    public void process(
        @Element KV<Long, Long> element,
        BoundedWindow window,
        @StateId("buffer") BagState<Long> buffer,
        @TimerId("windowEnd") Timer windowEnd) {
      buffer.add(element.getValue());
      windowEnd.set(window.maxTimestamp());
    }

    @OnTimer("windowEnd")
    public void flush(
        @Key Long key, BoundedWindow window, @StateId("buffer") BagState<Long> buffer, OutputReceiver<String> out) {
      List<Long> values = new ArrayList<>();
      buffer.read().forEach(values::add);
      Collections.sort(values);
      out.output("key " + key + " " + window + " " + values);
      buffer.clear();
    }
  }
}
