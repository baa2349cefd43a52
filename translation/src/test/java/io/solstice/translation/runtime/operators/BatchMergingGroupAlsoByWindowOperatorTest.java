package io.solstice.translation.runtime.operators;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.solstice.translation.runtime.GroupingMemory;
import io.solstice.translation.runtime.Operator;
import io.solstice.translation.runtime.OperatorState;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
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
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.WindowedValue;
import org.apache.beam.sdk.values.WindowedValues;
import org.apache.beam.sdk.values.WindowingStrategy;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.Test;

/**
 * The batch path for merging windows must emit exactly what ReduceFnRunner emits for a bounded
 * input: the same merged windows, values, timestamps and panes, for each timestamp combiner. The
 * batch operators (merging windows or not) emit the same again when a checkpoint of what they had
 * gathered is restored into a new operator midway.
 */
public class BatchMergingGroupAlsoByWindowOperatorTest {
  @Test
  public void groupingMatchesReduceFnRunnerForEveryTimestampCombiner() throws Exception {
    for (TimestampCombiner combiner : TimestampCombiner.values()) {
      List<WindowedValue<KV<String, Long>>> input = sessionInput(42);
      List<String> batch = run(grouping(combiner, true), input);
      List<String> reference = run(grouping(combiner, false), input);
      assertTrue("the input must merge into several sessions", batch.size() > 20);
      assertEquals("timestamp combiner " + combiner, reference, batch);
    }
  }

  @Test
  public void combiningMatchesReduceFnRunner() throws Exception {
    List<WindowedValue<KV<String, Long>>> input = sessionInput(7);
    assertEquals(run(combining(false), input), run(combining(true), input));
  }

  @Test
  public void whatWasGatheredComesBackFromASnapshot() throws Exception {
    List<WindowedValue<KV<String, Long>>> input = sessionInput(11);
    for (GroupAlsoByWindowSpec<?, ?, ?> spec :
        List.of(
            grouping(TimestampCombiner.EARLIEST, true),
            combining(true),
            fixedWindows(GroupAlsoByWindowSpec.grouping(StringUtf8Coder.of(), VarLongCoder.of(), fixed(), new TupleTag<>("out"), true)),
            fixedWindows(combining(fixed())))) {
      List<String> whole = run(spec, input, -1);
      assertTrue(whole.size() > 5);
      assertEquals(spec.create().getClass().getSimpleName(), whole, run(spec, input, 200));
    }
  }

  @Test
  public void batchPathIsChosenOnlyForBoundedInput() {
    assertTrue(grouping(TimestampCombiner.END_OF_WINDOW, true).create() instanceof BatchMergingGroupAlsoByWindowOperator);
    assertTrue(grouping(TimestampCombiner.END_OF_WINDOW, false).create() instanceof GroupAlsoByWindowOperator);
  }

  private static WindowingStrategy<?, ?> fixed() {
    return WindowingStrategy.of(FixedWindows.of(Duration.millis(100)));
  }

  /** Checks the spec takes the batch path for non-merging windows. */
  private static GroupAlsoByWindowSpec<?, ?, ?> fixedWindows(GroupAlsoByWindowSpec<?, ?, ?> spec) {
    assertTrue(spec.create() instanceof BatchGroupAlsoByWindowOperator);
    return spec;
  }

  private static WindowingStrategy<?, ?> sessions(TimestampCombiner combiner) {
    return WindowingStrategy.of(Sessions.withGapDuration(Duration.millis(10))).withTimestampCombiner(combiner);
  }

  private static GroupAlsoByWindowSpec<String, Long, Iterable<Long>> grouping(
      TimestampCombiner combiner, boolean bounded) {
    return GroupAlsoByWindowSpec.grouping(
        StringUtf8Coder.of(), VarLongCoder.of(), sessions(combiner), new TupleTag<>("out"), bounded);
  }

  private static GroupAlsoByWindowSpec<String, Long, Long> combining(boolean bounded) {
    return combining(sessions(TimestampCombiner.END_OF_WINDOW), bounded);
  }

  private static GroupAlsoByWindowSpec<String, Long, Long> combining(WindowingStrategy<?, ?> windowing) {
    return combining(windowing, true);
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static GroupAlsoByWindowSpec<String, Long, Long> combining(WindowingStrategy<?, ?> windowing, boolean bounded) {
    GlobalCombineFn<Long, long[], Long> sum = (CombineFn) Sum.ofLongs();
    AppliedCombineFn<String, Long, long[], Long> applied =
        AppliedCombineFn.withInputCoder(
            sum, CoderRegistry.createDefault(), KvCoder.of(StringUtf8Coder.of(), VarLongCoder.of()));
    return GroupAlsoByWindowSpec.combining(
        StringUtf8Coder.of(), VarLongCoder.of(), windowing, applied,
        new TupleTag<>("out"), bounded);
  }

  /**
   * Elements of 5 keys at random times, each in its proto-session of 10 ms; several bundles. (A
   * strategy of fixed windows assigns nothing itself: these windows are what its operator groups.)
   */
  private static List<WindowedValue<KV<String, Long>>> sessionInput(long seed) {
    Random random = new Random(seed);
    List<WindowedValue<KV<String, Long>>> input = new ArrayList<>();
    for (long i = 0; i < 400; i++) {
      Instant time = new Instant(random.nextInt(2000));
      IntervalWindow window = new IntervalWindow(time, time.plus(Duration.millis(10)));
      input.add(WindowedValues.of(KV.of("k" + random.nextInt(5), i), time, window, PaneInfo.NO_FIRING));
    }
    return input;
  }

  private static List<String> run(GroupAlsoByWindowSpec<?, ?, ?> spec, List<WindowedValue<KV<String, Long>>> input)
      throws Exception {
    return run(spec, input, -1);
  }

  /**
   * Runs the input in bundles of 50, ends it, and returns the output in a canonical form. With
   * {@code restoreAt} (a multiple of 50), the operator's snapshot there goes to a new operator,
   * which takes the rest.
   */
  private static List<String> run(
      GroupAlsoByWindowSpec<?, ?, ?> spec, List<WindowedValue<KV<String, Long>>> input, int restoreAt)
      throws Exception {
    List<String> out = new ArrayList<>();
    Operator operator = open(spec, out);
    for (int i = 0; i < input.size(); i++) {
      if (i == restoreAt) {
        OperatorState snapshot = operator.snapshotState(1);
        assertFalse("the snapshot holds what was gathered", snapshot.keyGroups().isEmpty());
        operator = open(spec, out);
        operator.restoreState(snapshot);
      }
      if (i % 50 == 0) {
        operator.startBundle();
      }
      operator.processElement(input.get(i));
      if (i % 50 == 49) {
        operator.finishBundle();
      }
    }
    operator.startBundle();
    operator.processWatermark(BoundedWindow.TIMESTAMP_MAX_VALUE);
    operator.finishBundle();
    return out.stream().sorted().collect(Collectors.toList());
  }

  private static Operator open(GroupAlsoByWindowSpec<?, ?, ?> spec, List<String> out) throws Exception {
    Operator operator = spec.create();
    operator.open(TestOperatorContext.describingInto(out, GroupingMemory.unlimited()));
    return operator;
  }

}
