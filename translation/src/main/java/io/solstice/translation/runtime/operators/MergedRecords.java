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

  MergedRecords(List<RecordCursor> cursors) throws IOException {
    this.cursors = cursors;
    for (RecordCursor cursor : cursors) {
      GroupRecord first = cursor.next();
      if (first != null) {
        heads.add(new Head(cursor, first));
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
    IOException failure = null;
    for (RecordCursor cursor : cursors) {
      try {
        cursor.close();
      } catch (IOException e) {
        failure = failure == null ? e : failure;
      }
    }
    if (failure != null) {
      throw failure;
    }
  }
}
