package io.solstice.runner.testing;

import io.solstice.engine.control.PoolSize;
import io.solstice.runner.SolsticePipelineResult;
import java.util.List;

/** A finished job's pool sizes, in turn, of the stage holding a transform. */
public final class PoolSizes {
  private PoolSizes() {}

  /** The sizes of the stage whose name starts with {@code transform} (its first step, or itself). */
  public static List<Integer> of(SolsticePipelineResult result, String transform) {
    return result.poolSizes().entrySet().stream()
        .filter(stage -> stage.getKey().startsWith(transform + "/") || stage.getKey().startsWith(transform + " "))
        .map(stage -> stage.getValue().stream().map(PoolSize::workers).toList())
        .findFirst()
        .orElseThrow(() -> new AssertionError("no stage of " + transform + " in " + result.poolSizes().keySet()));
  }
}
