package io.solstice.translation.runtime.operators;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.solstice.translation.runtime.GroupingMemory;
import io.solstice.translation.runtime.Operator;
import io.solstice.translation.runtime.SnapshotNotReadyException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.transforms.Combine.CombineFn;
import org.apache.beam.sdk.transforms.CombineFnBase.GlobalCombineFn;
import org.apache.beam.sdk.transforms.Sum;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.FixedWindows;
import org.apache.beam.sdk.transforms.windowing.IntervalWindow;
import org.apache.beam.sdk.transforms.windowing.PaneInfo;
import org.apache.beam.sdk.transforms.windowing.Sessions;
import org.apache.beam.sdk.transforms.windowing.TimestampCombiner;
import org.apache.beam.sdk.util.AppliedCombineFn;
import org.apache.beam.sdk.util.WindowedValueMultiReceiver;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.WindowedValue;
import org.apache.beam.sdk.values.WindowedValues;
import org.apache.beam.sdk.values.WindowingStrategy;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/**
 * A batch group-by whose input outgrows its grouping memory spills sorted runs and merges them at
 * the end: its output must be exactly what the all-in-memory path gives (values, windows, combined
 * timestamps, accumulators, merged sessions), its spill files must be gone afterwards, and it must not pretend to
 * snapshot what is on disk.
 */
public class SpilledGroupingTest {
  /** Small enough that 20,000 elements spill several runs. */
  private static final long SMALL_BUDGET = 64 << 10;

  private Path spillRoot;

  @Before
  public void makeSpillRoot() throws IOException {
    spillRoot = Files.createTempDirectory("spilled-grouping-test");
  }

  @After
  public void removeSpillRoot() throws IOException {
    try (Stream<Path> left = Files.walk(spillRoot)) {
      left.sorted((a, b) -> b.compareTo(a)).forEach(p -> p.toFile().delete());
    }
  }

  @Test
  public void spilledValuesComeOutAsTheInMemoryPathGivesThem() throws Exception {
    for (TimestampCombiner combiner : TimestampCombiner.values()) {
      GroupAlsoByWindowSpec<String, Long, Iterable<Long>> spec =
          GroupAlsoByWindowSpec.grouping(StringUtf8Coder.of(), VarLongCoder.of(), windowing(combiner), new TupleTag<>("out"), true);
      assertSpillGivesTheSame("grouping, " + combiner, spec);
    }
  }

  @Test
  public void spilledAccumulatorsMergeAsTheInMemoryPathGivesThem() throws Exception {
    assertSpillGivesTheSame("combining", combining());
  }

  /**
   * String values and keys (a coder whose nested and outer encodings differ) come out as they went
   * in, in memory and spilled: checked against the input itself, not against another path.
   */
  @Test
  public void stringValuesComeOutAsTheyWentIn() throws Exception {
    GroupAlsoByWindowSpec<String, String, Iterable<String>> spec =
        GroupAlsoByWindowSpec.grouping(
            StringUtf8Coder.of(), StringUtf8Coder.of(), WindowingStrategy.globalDefault(), new TupleTag<>("out"), true);
    Map<String, List<String>> expected = new TreeMap<>();
    List<WindowedValue<KV<String, String>>> input = new ArrayList<>();
    for (int i = 0; i < 5_000; i++) {
      String key = "k\u00e9y-" + (i % 700);
      String value = "valu\u00e9-" + i + "-" + "x".repeat(i % 50);
      input.add(WindowedValues.valueInGlobalWindow(KV.of(key, value)));
      expected.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
    }
    expected.values().forEach(values -> values.sort(null));
    for (GroupingMemory memory : List.of(GroupingMemory.unlimited(), new GroupingMemory(SMALL_BUDGET, spillRoot))) {
      Map<String, List<String>> grouped = new TreeMap<>();
      Operator operator = spec.create();
      operator.open(
          new TestOperatorContext(
              new WindowedValueMultiReceiver() {
                @Override
                @SuppressWarnings("unchecked")
                public <T> void output(TupleTag<T> tag, WindowedValue<T> value) {
                  KV<String, Iterable<String>> group = (KV<String, Iterable<String>>) value.getValue();
                  List<String> values = new ArrayList<>();
                  group.getValue().forEach(values::add);
                  values.sort(null);
                  grouped.put(group.getKey(), values);
                }
              },
              memory));
      operator.startBundle();
      for (WindowedValue<KV<String, String>> element : input) {
        operator.processElement(element);
      }
      operator.processWatermark(BoundedWindow.TIMESTAMP_MAX_VALUE);
      operator.finishBundle();
      operator.close();
      assertEquals("budget " + memory.budgetBytes(), expected, grouped);
    }
  }

  @Test
  public void moreRunsThanAMergeReadsAtOnceAreMergedInPasses() throws Exception {
    GroupAlsoByWindowSpec<String, Long, Iterable<Long>> spec =
        GroupAlsoByWindowSpec.grouping(
            StringUtf8Coder.of(), VarLongCoder.of(), windowing(TimestampCombiner.EARLIEST), new TupleTag<>("out"), true);
    List<WindowedValue<KV<String, Long>>> input = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      input.addAll(input(100 + i));
    }
    List<String> inMemory = run(spec, input, GroupingMemory.unlimited(), false);
    // About 16 KB of records a run: some 200 runs of 80,000 elements.
    List<String> spilled = run(spec, input, new GroupingMemory(40 << 10, spillRoot), true, SpillFiles.FAN_IN);
    assertEquals(inMemory, spilled);
    assertEquals("spill files removed once emitted", 0, spillFiles());
  }

  @Test
  public void spilledSessionsMergeAsTheInMemoryPathMergesThem() throws Exception {
    WindowingStrategy<?, ?> sessions =
        WindowingStrategy.of(Sessions.withGapDuration(Duration.millis(10))).withTimestampCombiner(TimestampCombiner.EARLIEST);
    GroupAlsoByWindowSpec<String, Long, Iterable<Long>> grouping =
        GroupAlsoByWindowSpec.grouping(StringUtf8Coder.of(), VarLongCoder.of(), sessions, new TupleTag<>("out"), true);
    assertSpillGivesTheSame("sessions, grouping", grouping, sessionInput(3), BatchMergingGroupAlsoByWindowOperator.class);
    assertSpillGivesTheSame("sessions, combining", combining(sessions), sessionInput(4), BatchMergingGroupAlsoByWindowOperator.class);
  }

  @Test
  public void aSpilledStepSkipsCheckpointsAndLeavesNoFilesWhenClosed() throws Exception {
    Operator operator = open(combining(), new ArrayList<>(), new GroupingMemory(SMALL_BUDGET, spillRoot));
    operator.startBundle();
    for (WindowedValue<KV<String, Long>> element : input(1)) {
      operator.processElement(element);
    }
    operator.finishBundle();
    assertTrue("runs were spilled", spillFiles() > 1);
    SnapshotNotReadyException refused = assertThrows(SnapshotNotReadyException.class, () -> operator.snapshotState(1));
    assertTrue(refused.getMessage(), refused.getMessage().contains("spilled"));
    operator.close();
    assertEquals("a closed (failed) step leaves no spill files", 0, spillFiles());
  }

  private void assertSpillGivesTheSame(String what, GroupAlsoByWindowSpec<?, ?, ?> spec) throws Exception {
    assertSpillGivesTheSame(what, spec, input(what.hashCode()), BatchGroupAlsoByWindowOperator.class);
  }

  private void assertSpillGivesTheSame(
      String what, GroupAlsoByWindowSpec<?, ?, ?> spec, List<WindowedValue<KV<String, Long>>> input, Class<?> operator)
      throws Exception {
    assertEquals(operator, spec.create().getClass());
    List<String> inMemory = run(spec, input, GroupingMemory.unlimited(), false);
    List<String> spilled = run(spec, input, new GroupingMemory(SMALL_BUDGET, spillRoot), true);
    assertTrue(what + ": many groups", inMemory.size() > 2_000);
    assertEquals(what, inMemory, spilled);
    assertEquals(what + ": spill files removed once emitted", 0, spillFiles());
  }

  /** 20,000 elements of 3,000 keys at random times over 10 windows of 100 ms, in bundles of 500. */
  private static List<WindowedValue<KV<String, Long>>> input(long seed) {
    Random random = new Random(seed);
    List<WindowedValue<KV<String, Long>>> input = new ArrayList<>();
    for (long i = 0; i < 20_000; i++) {
      Instant time = new Instant(random.nextInt(1000));
      long start = time.getMillis() / 100 * 100;
      IntervalWindow window = new IntervalWindow(new Instant(start), new Instant(start + 100));
      input.add(WindowedValues.of(KV.of("key-" + random.nextInt(3000), i), time, window, PaneInfo.NO_FIRING));
    }
    return input;
  }

  /** 20,000 elements of 500 keys, each in its proto-session of 10 ms at a random time in 5 s. */
  private static List<WindowedValue<KV<String, Long>>> sessionInput(long seed) {
    Random random = new Random(seed);
    List<WindowedValue<KV<String, Long>>> input = new ArrayList<>();
    for (long i = 0; i < 20_000; i++) {
      Instant time = new Instant(random.nextInt(5000));
      IntervalWindow window = new IntervalWindow(time, time.plus(Duration.millis(10)));
      input.add(WindowedValues.of(KV.of("key-" + random.nextInt(500), i), time, window, PaneInfo.NO_FIRING));
    }
    return input;
  }

  private List<String> run(
      GroupAlsoByWindowSpec<?, ?, ?> spec, List<WindowedValue<KV<String, Long>>> input, GroupingMemory memory, boolean mustSpill)
      throws Exception {
    return run(spec, input, memory, mustSpill, 1);
  }

  /** Runs the input through a new operator; with {@code mustSpill}, more than {@code runsAtLeast} runs. */
  private List<String> run(
      GroupAlsoByWindowSpec<?, ?, ?> spec,
      List<WindowedValue<KV<String, Long>>> input,
      GroupingMemory memory,
      boolean mustSpill,
      int runsAtLeast)
      throws Exception {
    List<String> out = new ArrayList<>();
    Operator operator = open(spec, out, memory);
    for (int i = 0; i < input.size(); i++) {
      if (i % 500 == 0) {
        operator.startBundle();
      }
      operator.processElement(input.get(i));
      if (i % 500 == 499) {
        operator.finishBundle();
      }
    }
    assertEquals("spilled runs before the end: " + spillFiles(), mustSpill, spillFiles() > runsAtLeast);
    operator.startBundle();
    operator.processWatermark(BoundedWindow.TIMESTAMP_MAX_VALUE);
    operator.finishBundle();
    operator.close();
    return out.stream().sorted().collect(Collectors.toList());
  }

  private long spillFiles() throws IOException {
    try (Stream<Path> files = Files.walk(spillRoot)) {
      return files.filter(Files::isRegularFile).count();
    }
  }

  private static Operator open(GroupAlsoByWindowSpec<?, ?, ?> spec, List<String> out, GroupingMemory memory) throws Exception {
    Operator operator = spec.create();
    operator.open(TestOperatorContext.describingInto(out, memory));
    return operator;
  }

  private static WindowingStrategy<?, ?> windowing(TimestampCombiner combiner) {
    return WindowingStrategy.of(FixedWindows.of(Duration.millis(100))).withTimestampCombiner(combiner);
  }

  private static GroupAlsoByWindowSpec<String, Long, Long> combining() {
    return combining(windowing(TimestampCombiner.END_OF_WINDOW));
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static GroupAlsoByWindowSpec<String, Long, Long> combining(WindowingStrategy<?, ?> windowing) {
    GlobalCombineFn<Long, long[], Long> sum = (CombineFn) Sum.ofLongs();
    AppliedCombineFn<String, Long, long[], Long> applied =
        AppliedCombineFn.withInputCoder(sum, CoderRegistry.createDefault(), KvCoder.of(StringUtf8Coder.of(), VarLongCoder.of()));
    return GroupAlsoByWindowSpec.combining(
        StringUtf8Coder.of(), VarLongCoder.of(), windowing, applied, new TupleTag<>("out"), true);
  }
}
