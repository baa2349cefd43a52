package io.solstice.runner;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.WriteFiles;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.io.fs.ResolveOptions;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.ValueProvider;
import org.apache.beam.sdk.runners.TransformHierarchy;

/**
 * Before a job starts, the directory every file sink (Beam's {@code WriteFiles}: TextIO, FileIO,
 * AvroIO, ParquetIO writes) writes its files in first, its temporary directory (by default its
 * output directory), is listed in its file system, so that a missing bucket, wrong credentials or
 * an unreachable endpoint fail the job at once, naming the location, rather than when the first
 * bundle writes. The listing asks for names under a prefix of its own, so it costs one request
 * however many files the directory holds. {@code --checkOutputLocations=false} skips it (for a
 * role that may write but not list).
 */
final class OutputLocationCheck {
  private OutputLocationCheck() {}

  static void check(Pipeline pipeline, PipelineOptions options) {
    if (!options.as(SolsticePipelineOptions.class).getCheckOutputLocations()) {
      return;
    }
    FileSystems.setDefaultPipelineOptions(options);
    Map<String, String> failures = new LinkedHashMap<>();
    for (Map.Entry<String, ResourceId> output : outputDirectories(pipeline).entrySet()) {
      String location = output.getValue().toString();
      String problem = problem(output.getValue());
      if (problem != null) {
        failures.put(output.getKey(), "'" + location + "': " + problem);
      }
    }
    if (!failures.isEmpty()) {
      List<String> lines = new ArrayList<>();
      failures.forEach((transform, problem) -> lines.add(transform + " writes to " + problem));
      throw new IllegalArgumentException(
          "An output location cannot be reached, so the job did not start.\n  " + String.join("\n  ", lines)
              + "\nFix: create the bucket or directory, or correct the path; and check the file system's options"
              + " (for S3: --endpoint, --awsRegion and --awsCredentialsProvider of Beam's AWS module). To start"
              + " without this check (a role that may write but not list), pass --checkOutputLocations=false.");
    }
  }

  /** Each WriteFiles transform's (by full name) temporary directory, where it is known before the job. */
  private static Map<String, ResourceId> outputDirectories(Pipeline pipeline) {
    Map<String, ResourceId> directories = new LinkedHashMap<>();
    pipeline.traverseTopologically(
        new Pipeline.PipelineVisitor.Defaults() {
          @Override
          public CompositeBehavior enterCompositeTransform(TransformHierarchy.Node node) {
            if (node.getTransform() instanceof WriteFiles<?, ?, ?> write) {
              ValueProvider<ResourceId> directory = write.getSink().getTempDirectoryProvider();
              if (directory.isAccessible()) {
                directories.put(node.getFullName(), directory.get());
              }
              return CompositeBehavior.DO_NOT_ENTER_TRANSFORM;
            }
            return CompositeBehavior.ENTER_TRANSFORM;
          }
        });
    return directories;
  }

  /** Why the directory cannot be listed, or null if it can (an empty or new one can). */
  private static String problem(ResourceId directory) {
    // Names under a prefix nothing has: one listing request, which a missing bucket or a refused
    // credential fails, and which finds nothing in a directory that exists or is yet to be made.
    String prefix = ".solstice-check-" + UUID.randomUUID() + "*";
    String glob = directory.resolve(prefix, ResolveOptions.StandardResolveOptions.RESOLVE_FILE).toString();
    try {
      MatchResult match = FileSystems.match(glob);
      if (match.status() == MatchResult.Status.ERROR) {
        try {
          match.metadata();
          return "its file system answered with an error";
        } catch (IOException e) {
          return describe(e);
        }
      }
      return null;
    } catch (IOException | RuntimeException e) {
      return describe(e);
    }
  }

  private static String describe(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getClass().getSimpleName() + ": " + root.getMessage();
  }
}
