package io.solstice.translation.runtime.operators;

import java.io.IOException;

/** Gathered records in {@link GroupRecord} order, one at a time. */
interface RecordCursor extends AutoCloseable {
  /** The next record, or null at the end. */
  GroupRecord next() throws IOException;

  @Override
  default void close() throws IOException {}
}
