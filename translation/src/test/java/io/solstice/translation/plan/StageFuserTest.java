package io.solstice.translation.plan;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.solstice.translation.SolsticeTranslator;
import io.solstice.translation.UnsupportedFeatureException;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.state.StateSpec;
import org.apache.beam.sdk.state.StateSpecs;
import org.apache.beam.sdk.state.ValueState;
import org.apache.beam.sdk.testing.CrashingRunner;
import org.apache.beam.sdk.testing.TestStream;
import org.apache.beam.sdk.values.WindowingStrategy;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.PeriodicImpulse;
import org.apache.beam.sdk.transforms.Sum;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.transforms.windowing.AfterPane;
import org.apache.beam.sdk.transforms.windowing.AfterWatermark;
import org.apache.beam.sdk.transforms.windowing.FixedWindows;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.joda.time.Duration;
import org.junit.Test;

/** Which transforms end up in which stage, and over which kind of edge stages are connected. */
public class StageFuserTest {
  private static final int PARALLELISM = 3;

  private final PipelineOptions options = withRunner(PipelineOptionsFactory.create());
  private final Pipeline pipeline = Pipeline.create(options);

  /** Translation needs no runner; this one refuses to run, so nothing here can run by accident. */
  private static PipelineOptions withRunner(PipelineOptions options) {
    options.setRunner(CrashingRunner.class);
    return options;
  }

  private ExecutionPlan translate() {
    return SolsticeTranslator.translate(pipeline, options, PARALLELISM);
  }

  private static List<String> steps(PlannedStage stage) {
    return stage.spec().steps().stream().map(s -> s.name()).collect(Collectors.toList());
  }

  private static PlannedStage stageWithStep(ExecutionPlan plan, String step) {
    return plan.stages().stream()
        .filter(s -> steps(s).contains(step))
        .findFirst()
        .orElseThrow(() -> new AssertionError("No stage runs " + step + " in\n" + plan.describe()));
  }

  private static List<EdgeKind> inputKinds(ExecutionPlan plan, PlannedStage stage) {
    return stage.inputs().stream().map(id -> plan.edge(id).kind()).collect(Collectors.toList());
  }

  @Test
  public void chainsParDosIntoTheSourceStage() {
    pipeline
        .apply("Numbers", Create.of(1, 2, 3))
        .apply("Double", MapElements.into(TypeDescriptors.integers()).via((Integer x) -> 2 * x))
        .apply("Inc", MapElements.into(TypeDescriptors.integers()).via((Integer x) -> x + 1));
    ExecutionPlan plan = translate();

    assertEquals(plan.describe(), 1, plan.stages().size());
    PlannedStage stage = plan.stages().get(0);
    assertThat(steps(stage), contains("Numbers/Read(CreateSource)", "Double/Map/ParMultiDo(Anonymous)", "Inc/Map/ParMultiDo(Anonymous)"));
    PlannedEdge seeds = plan.edge(stage.inputs().get(0));
    assertEquals(PlannedEdge.SEEDED, seeds.producerStage());
    assertThat(seeds.seeds().elements().isEmpty(), is(false));
  }

  @Test
  public void groupByKeyStartsAKeyedStage() {
    pipeline
        .apply("Pairs", Create.of(KV.of("a", 1), KV.of("b", 2)))
        .apply("Group", GroupByKey.create())
        .apply("Keys", MapElements.into(TypeDescriptors.strings()).via((KV<String, Iterable<Integer>> kv) -> kv.getKey()));
    ExecutionPlan plan = translate();

    assertEquals(plan.describe(), 2, plan.stages().size());
    PlannedStage grouped = stageWithStep(plan, "Group/ShuffleByKey");
    assertThat(steps(grouped), contains("Group/ShuffleByKey", "Group/GroupAlsoByWindow", "Keys/Map/ParMultiDo(Anonymous)"));
    assertThat(inputKinds(plan, grouped), contains(EdgeKind.KEYED));
    assertEquals(PARALLELISM, grouped.parallelism());
    assertEquals(PARALLELISM, plan.edge(grouped.inputs().get(0)).partitions());
  }

  @Test
  public void combinesATriggeredCombinePerKeyIntoOneAccumulatorPerWindowAfterTheShuffle() {
    pipeline
        .apply("Pairs", Create.of(KV.of("a", 1), KV.of("a", 2)))
        .apply(
            "Windows",
            Window.<KV<String, Integer>>into(FixedWindows.of(Duration.standardMinutes(1)))
                .triggering(AfterWatermark.pastEndOfWindow().withEarlyFirings(AfterPane.elementCountAtLeast(1)))
                .withAllowedLateness(Duration.ZERO)
                .accumulatingFiredPanes())
        .apply("Sum", Sum.integersPerKey());
    ExecutionPlan plan = translate();

    // Not lifted (an early trigger would see partial sums as elements), nor buffered until a pane.
    PlannedStage combine = stageWithStep(plan, "Sum/CombineAlsoByWindow");
    assertThat(steps(combine), contains("Sum/ShuffleByKey", "Sum/CombineAlsoByWindow"));
    assertThat(inputKinds(plan, combine), contains(EdgeKind.KEYED));
  }

  @Test
  public void liftsCombinePerKeyBeforeTheShuffle() {
    pipeline.apply("Pairs", Create.of(KV.of("a", 1), KV.of("a", 2))).apply("Sum", Sum.integersPerKey());
    ExecutionPlan plan = translate();

    PlannedStage source = stageWithStep(plan, "Pairs/Read(CreateSource)");
    assertThat(steps(source), hasItem("Sum/PartialCombine"));
    PlannedStage merge = stageWithStep(plan, "Sum/MergeAccumulators");
    assertThat(steps(merge), contains("Sum/ShuffleAccumulators", "Sum/MergeAccumulators"));
    assertThat(inputKinds(plan, merge), contains(EdgeKind.KEYED));
  }

  @Test
  public void sideInputReaderStartsAStageFedByBroadcast() {
    PCollection<Integer> numbers = pipeline.apply("Numbers", Create.of(1, 2, 3));
    PCollectionView<Integer> total = numbers.apply("Total", Sum.integersGlobally().asSingletonView());
    numbers.apply("AddTotal", ParDo.of(new AddSideInput(total)).withSideInputs(total));
    ExecutionPlan plan = translate();

    PlannedStage reader = stageWithStep(plan, "AddTotal/ParMultiDo(AddSideInput)");
    assertEquals("AddTotal/ParMultiDo(AddSideInput)", steps(reader).get(0));
    // The small source runs on one worker; its output is dealt over the reader's workers.
    assertThat(inputKinds(plan, reader), containsInAnyOrder(EdgeKind.REBALANCE, EdgeKind.BROADCAST));
  }

  @Test
  public void flattenOfTwoStagesStartsAStageAndOfOneStageFuses() {
    PCollection<Integer> a = pipeline.apply("A", Create.of(1));
    PCollection<Integer> b = pipeline.apply("B", Create.of(2));
    PCollectionList.of(a).and(b).apply("Across", Flatten.pCollections());
    PCollection<Integer> a2 = a.apply("A2", MapElements.into(TypeDescriptors.integers()).via((Integer x) -> x));
    PCollectionList.of(a).and(a2).apply("Within", Flatten.pCollections());
    ExecutionPlan plan = translate();

    PlannedStage across = stageWithStep(plan, "Across");
    assertEquals("Across", steps(across).get(0));
    assertEquals(2, across.inputs().size());
    assertEquals(stageWithStep(plan, "A/Impulse").id(), stageWithStep(plan, "Within").id());
  }

  @Test
  public void impulseRunsOnOneWorker() {
    pipeline.apply(org.apache.beam.sdk.transforms.Impulse.create());
    ExecutionPlan plan = translate();
    assertEquals(1, plan.stages().get(0).parallelism());
  }

  @Test
  public void statefulParDoStartsAKeyedStage() {
    pipeline.apply(Create.of(KV.of("a", 1))).apply("Stateful", ParDo.of(new CountingFn()));
    ExecutionPlan plan = translate();

    PlannedStage stateful = stageWithStep(plan, "Stateful/ParMultiDo(Counting)");
    assertThat(
        steps(stateful), contains("Stateful/ParMultiDo(Counting)/ShuffleByKey", "Stateful/ParMultiDo(Counting)"));
    assertThat(inputKinds(plan, stateful), contains(EdgeKind.KEYED));
  }

  /** A primitive no runner knows. */
  static final class Mystery extends PTransform<PBegin, PCollection<Integer>> {
    @Override
    public PCollection<Integer> expand(PBegin input) {
      return PCollection.createPrimitiveOutputInternal(
          input.getPipeline(), WindowingStrategy.globalDefault(), PCollection.IsBounded.BOUNDED, VarIntCoder.of());
    }
  }

  @Test
  public void rejectsAnUnknownPrimitiveAtTranslation() {
    pipeline.apply("Mystery", new Mystery());
    UnsupportedFeatureException e = assertThrows(UnsupportedFeatureException.class, this::translate);
    assertThat(e.getMessage(), containsString("Mystery"));
    assertThat(e.getMessage(), containsString(Mystery.class.getName()));
  }

  @Test
  public void testStreamIsAOneWorkerSourceOnAManualClock() {
    pipeline.apply("Stream", TestStream.create(VarIntCoder.of()).addElements(1).advanceWatermarkToInfinity());
    assertTrue(SolsticeTranslator.usesTestStream(pipeline));
    ExecutionPlan plan = translate();

    PlannedStage stream = stageWithStep(plan, "Stream");
    assertEquals(1, stream.parallelism());
  }

  @Test
  public void unboundedSplittableDoFnRunsAfterAKeyedShuffleOfRandomKeys() {
    pipeline.apply("Ticks", PeriodicImpulse.create().stopAfter(Duration.standardSeconds(1)));
    ExecutionPlan plan = translate();

    PlannedStage process =
        plan.stages().stream()
            .filter(stage -> steps(stage).stream().anyMatch(step -> step.endsWith("/Process")))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no stage processes restrictions: " + plan));
    assertThat(steps(process).get(0), containsString("Ticks"));
    // Beam's random restriction keys, which the runner may replace to deal restrictions evenly.
    assertThat(inputKinds(plan, process), contains(EdgeKind.KEYED_BY_RANDOM_KEYS));
  }

  static final class AddSideInput extends DoFn<Integer, Integer> {
    private final PCollectionView<Integer> total;

    AddSideInput(PCollectionView<Integer> total) {
      this.total = total;
    }

    @ProcessElement
    public void process(ProcessContext c) {
      c.output(c.element() + c.sideInput(total));
    }
  }

  static final class CountingFn extends DoFn<KV<String, Integer>, Integer> {
    @StateId("count")
    private final StateSpec<ValueState<Integer>> count = StateSpecs.value(VarIntCoder.of());

    @ProcessElement
    public void process(ProcessContext c, @StateId("count") ValueState<Integer> state) {}
  }
}
