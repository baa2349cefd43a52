package io.solstice.examples;

import static org.junit.Assert.assertEquals;

import io.solstice.runner.SourceProgress;
import org.junit.Test;

public class ConsoleProgressTest {
  @Test
  public void theBarShowsTheShareOfSourceSplitsReadAndTheRate() {
    assertEquals(
        "[#########.....................]  30% of 10 source splits, 123,457 elements/s ",
        ConsoleProgress.line(new SourceProgress(3, 10, 1_000), 123_456.7));
    assertEquals(
        "[##############################] 100% of 4 source splits, 0 elements/s ",
        ConsoleProgress.line(new SourceProgress(4, 4, 1_000), 0));
  }
}
