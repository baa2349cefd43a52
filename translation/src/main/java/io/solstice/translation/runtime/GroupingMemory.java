package io.solstice.translation.runtime;

import java.nio.file.Path;

/**
 * What a batch grouping step may gather on the heap before it spills sorted runs to disk, and
 * where those go. The runner derives the budget from the worker's heap unless the user sets it.
 *
 * @param budgetBytes estimated heap bytes one grouping step of one worker may hold
 * @param spillDirectory where spill files go; each step makes (and removes) its own directory there
 */
public record GroupingMemory(long budgetBytes, Path spillDirectory) {
  public GroupingMemory {
    if (budgetBytes <= 0) {
      throw new IllegalArgumentException("A grouping memory budget must be positive, not " + budgetBytes);
    }
  }

  /** No practical limit: for tests and tools that run operators outside a job. */
  public static GroupingMemory unlimited() {
    return new GroupingMemory(Long.MAX_VALUE, Path.of(System.getProperty("java.io.tmpdir")));
  }
}
