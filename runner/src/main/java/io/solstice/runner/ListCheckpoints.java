package io.solstice.runner;

import io.solstice.engine.checkpoint.CheckpointLocations;
import io.solstice.engine.checkpoint.CheckpointManifest;
import io.solstice.engine.checkpoint.CheckpointSettings;
import java.io.PrintStream;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.options.PipelineOptionsFactory;

/**
 * Lists the completed checkpoints under a checkpoint location, job by job: what {@code
 * --restoreFromCheckpoint} can start from. Takes the runner's own options ({@code
 * --checkpointLocation}, and the {@code --s3...} options for an {@code s3://} location):
 *
 * <pre>java -cp solstice-examples.jar io.solstice.runner.ListCheckpoints --checkpointLocation=s3://bucket/prefix</pre>
 */
public final class ListCheckpoints {
  private ListCheckpoints() {}

  public static void main(String[] args) throws Exception {
    SolsticePipelineOptions options = PipelineOptionsFactory.fromArgs(args).as(SolsticePipelineOptions.class);
    CheckpointSettings settings = OptionsValidator.engineConfig(options).checkpoints();
    print(settings.location(), CheckpointLocations.list(settings.location(), settings.s3()), System.out);
  }

  static void print(String location, Map<String, List<CheckpointManifest>> byJob, PrintStream out) {
    if (byJob.isEmpty()) {
      out.println("No completed checkpoint under " + location);
      return;
    }
    out.println("Completed checkpoints under " + location + ":");
    out.printf("%-50s %8s  %-24s %14s %8s %6s%n", "job", "id", "completed at", "state bytes", "workers", "ended");
    byJob.forEach(
        (job, manifests) -> {
          for (CheckpointManifest manifest : manifests) {
            out.printf(
                "%-50s %8d  %-24s %,14d %8d %6d%n",
                job,
                manifest.checkpointId(),
                Instant.ofEpochMilli(manifest.completedAtMillis()),
                manifest.totalBytes(),
                manifest.states().size(),
                manifest.finished().size());
          }
        });
    out.println("Resume with --restoreFromCheckpoint=<location>/<job>/chk-<id>, <location>/<job>, or latest.");
  }
}
