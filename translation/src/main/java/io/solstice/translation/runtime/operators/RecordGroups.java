package io.solstice.translation.runtime.operators;

import java.io.IOException;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.TimestampCombiner;
import org.apache.beam.sdk.util.CoderUtils;
import org.joda.time.Instant;

/**
 * Turns records in {@link GroupRecord} order into groups: a key and window's records, side by side,
 * become one {@link KeyWindowGroup} (values gathered, or accumulators merged; timestamps combined).
 */
final class RecordGroups<K, InputT, AccumT, OutputT> {
  private final GatheredGroups<K, InputT, AccumT, OutputT> format;
  private final TimestampCombiner timestampCombiner;

  RecordGroups(GatheredGroups<K, InputT, AccumT, OutputT> format, TimestampCombiner timestampCombiner) {
    this.format = format;
    this.timestampCombiner = timestampCombiner;
  }

  void forEach(RecordCursor sorted, Gathering.Sink<K, InputT, AccumT, OutputT> sink) throws Exception {
    GroupRecord first = sorted.next();
    while (first != null) {
      KeyWindowGroup<K, InputT, AccumT, OutputT> group = format.newGroup(decodeKey(first), new Instant(first.timestamp()));
      format.addPayload(group, first.payload());
      GroupRecord next = sorted.next();
      while (next != null && next.sameGroupAs(first)) {
        group.timestamp = timestampCombiner.combine(group.timestamp, new Instant(next.timestamp()));
        format.addPayload(group, next.payload());
        next = sorted.next();
      }
      sink.accept(CoderUtils.decodeFromByteArray(format.windowCoder(), first.window(), Coder.Context.NESTED), group);
      first = next;
    }
  }

  private K decodeKey(GroupRecord record) throws IOException {
    return CoderUtils.decodeFromByteArray(format.keyCoder(), record.key(), Coder.Context.NESTED);
  }
}
