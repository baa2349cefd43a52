package io.solstice.runner;

import java.util.List;
import org.apache.beam.sdk.PipelineRunner;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsRegistrar;
import org.apache.beam.sdk.runners.PipelineRunnerRegistrar;

/**
 * Makes {@code --runner=SolsticeRunner} and Solstice's options known to Beam. Registered through
 * {@code META-INF/services}.
 */
public final class SolsticeRunnerRegistrar {
  private SolsticeRunnerRegistrar() {}

  /** Registers {@link SolsticeRunner} and {@link TestSolsticeRunner}. */
  public static final class Runner implements PipelineRunnerRegistrar {
    @Override
    public Iterable<Class<? extends PipelineRunner<?>>> getPipelineRunners() {
      return List.of(SolsticeRunner.class, TestSolsticeRunner.class);
    }
  }

  /** Registers {@link SolsticePipelineOptions}. */
  public static final class Options implements PipelineOptionsRegistrar {
    @Override
    public Iterable<Class<? extends PipelineOptions>> getPipelineOptions() {
      return List.of(SolsticePipelineOptions.class);
    }
  }
}
