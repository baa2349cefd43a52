package io.solstice.examples;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.io.GenerateSequence;
import org.apache.beam.sdk.io.TextIO;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.Mean;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Sum;
import org.apache.beam.sdk.transforms.Top;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.transforms.WithTimestamps;
import org.apache.beam.sdk.transforms.join.CoGbkResult;
import org.apache.beam.sdk.transforms.join.CoGroupByKey;
import org.apache.beam.sdk.transforms.join.KeyedPCollectionTuple;
import org.apache.beam.sdk.transforms.windowing.FixedWindows;
import org.apache.beam.sdk.transforms.windowing.IntervalWindow;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.joda.time.Duration;
import org.joda.time.Instant;

/** The foundation's end-to-end pipelines; each writes text lines under the given output prefix. */
final class PipelineShapes {
  private PipelineShapes() {}

  /** Builds a pipeline that writes its result under {@code output}. */
  interface Shape {
    void build(Pipeline pipeline, String output);
  }

  static void wordCountOfTheShippedText(Pipeline pipeline, String output) {
    pipeline
        .apply(TextIO.read().from("data/gettysburg-and-sonnets.txt"))
        .apply(new WordCount.CountWords())
        .apply(TextIO.write().to(output));
  }

  static void joinWithCoGroupByKey(Pipeline pipeline, String output) {
    PCollection<KV<Long, String>> users =
        pipeline
            .apply("Users", GenerateSequence.from(0).to(500))
            .apply("UserRows", MapElements.into(TypeDescriptors.kvs(TypeDescriptors.longs(), TypeDescriptors.strings()))
                .via(n -> KV.of(n, "user" + n)));
    PCollection<KV<Long, Long>> orders =
        pipeline
            .apply("Orders", GenerateSequence.from(0).to(3000))
            .apply("OrderRows", MapElements.into(TypeDescriptors.kvs(TypeDescriptors.longs(), TypeDescriptors.longs()))
                .via(n -> KV.of((n * 7) % 600, n)));
    TupleTag<String> userTag = new TupleTag<>();
    TupleTag<Long> orderTag = new TupleTag<>();
    KeyedPCollectionTuple.of(userTag, users)
        .and(orderTag, orders)
        .apply(CoGroupByKey.create())
        .apply(ParDo.of(new FormatJoin(userTag, orderTag)))
        .apply(TextIO.write().to(output));
  }

  static void liftedCombinesInWindows(Pipeline pipeline, String output) {
    PCollection<KV<String, Long>> readings =
        pipeline
            .apply(GenerateSequence.from(0).to(20_000))
            .apply(WithTimestamps.of((Long n) -> new Instant(n * 37)))
            .apply(Window.into(FixedWindows.of(Duration.standardSeconds(60))))
            .apply(MapElements.into(TypeDescriptors.kvs(TypeDescriptors.strings(), TypeDescriptors.longs()))
                .via(n -> KV.of("sensor" + n % 13, n % 1000)));
    PCollection<String> sums =
        readings.apply(Sum.longsPerKey()).apply("FormatSums", ParDo.of(new FormatWindowed<>("sum")));
    PCollection<String> means =
        readings.apply(Mean.perKey()).apply("FormatMeans", ParDo.of(new FormatWindowed<>("mean")));
    PCollection<String> tops =
        readings.apply(Top.largestPerKey(3)).apply("FormatTops", ParDo.of(new FormatWindowed<>("top")));
    PCollectionList.of(sums).and(means).and(tops)
        .apply(Flatten.pCollections())
        .apply(TextIO.write().to(output));
  }

  static void sideInputsSingletonAndMapPerWindow(Pipeline pipeline, String output) {
    PCollection<Long> numbers =
        pipeline
            .apply(GenerateSequence.from(0).to(5_000))
            .apply(WithTimestamps.of((Long n) -> new Instant(n * 100)))
            .apply(Window.into(FixedWindows.of(Duration.standardMinutes(1))));
    PCollectionView<Long> total = numbers.apply(Sum.longsGlobally().withoutDefaults().asSingletonView());
    PCollectionView<Map<Long, String>> names =
        pipeline
            .apply("Names", Create.of(KV.of(0L, "zero"), KV.of(1L, "one"), KV.of(2L, "two")))
            .apply("NameMap", View.asMap());
    numbers
        .apply(ParDo.of(new Describe(total, names)).withSideInputs(total, names))
        .apply(TextIO.write().to(output));
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

  static final class FormatWindowed<V> extends DoFn<KV<String, V>, String> {
    private final String what;

    FormatWindowed(String what) {
      this.what = what;
    }

    @ProcessElement
    public void process(@Element KV<String, V> kv, IntervalWindow window, OutputReceiver<String> out) {
      out.output(what + " " + window.start().getMillis() + " " + kv.getKey() + " " + kv.getValue());
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
}
