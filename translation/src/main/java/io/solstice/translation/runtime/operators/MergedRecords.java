package io.solstice.translation.runtime.operators;

import java.io.IOException;
import java.util.List;
import java.util.PriorityQueue;

/** Several sorted record cursors read as one, in {@link GroupRecord} order. */
final class MergedRecords implements RecordCursor {
  private final List<RecordCursor> cursors;
  private final PriorityQueue<Head> heads =
      new PriorityQueue<>((a, b) -> GroupRecord.compare(a.record.key(), a.record.window(), b.record.key(), b.record.window()));

  private static final class Head {
    final RecordCursor cursor;
    GroupRecord record;

    Head(RecordCursor cursor, GroupRecord record) {
      this.cursor = cursor;
      this.record = record;
    }
  }

  /** Takes over {@code cursors}: they are closed with this, or at once if reading their heads fails. */
  MergedRecords(List<RecordCursor> cursors) throws IOException {
    this.cursors = cursors;
    try {
      for (RecordCursor cursor : cursors) {
        GroupRecord first = cursor.next();
        if (first != null) {
          heads.add(new Head(cursor, first));
        }
      }
    } catch (IOException | RuntimeException e) {
      closeAll(cursors, e);
      throw e;
    }
  }

  /** Closes every cursor, adding any failure to {@code failure}. */
  static void closeAll(List<RecordCursor> cursors, Exception failure) {
    for (RecordCursor cursor : cursors) {
      try {
        cursor.close();
      } catch (IOException e) {
        failure.addSuppressed(e);
      }
    }
  }

  @Override
  public GroupRecord next() throws IOException {
    Head head = heads.poll();
    if (head == null) {
      return null;
    }
    GroupRecord record = head.record;
    head.record = head.cursor.next();
    if (head.record != null) {
      heads.add(head);
    }
    return record;
  }

  @Override
  public void close() throws IOException {
    IOException failure = new IOException("Could not close every spill file");
    closeAll(cursors, failure);
    if (failure.getSuppressed().length > 0) {
      throw failure;
    }
  }
}
