package io.solstice.examples;

import io.solstice.runner.testing.PipelineFamilies;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.io.GenerateSequence;
import org.apache.beam.sdk.io.TextIO;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.Mean;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Sum;
import org.apache.beam.sdk.transforms.Top;
import org.apache.beam.sdk.transforms.WithTimestamps;
import org.apache.beam.sdk.transforms.windowing.FixedWindows;
import org.apache.beam.sdk.transforms.windowing.IntervalWindow;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
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
    PipelineFamilies.coGroupByKeyJoin(pipeline).apply(TextIO.write().to(output));
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
    PipelineFamilies.sideInputs(pipeline).apply(TextIO.write().to(output));
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
}
