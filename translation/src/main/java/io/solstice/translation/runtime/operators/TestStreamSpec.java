package io.solstice.translation.runtime.operators;

import io.solstice.translation.runtime.Operator;
import io.solstice.translation.runtime.OperatorSpec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.testing.TestStream;
import org.apache.beam.sdk.values.TimestampedValue;
import org.apache.beam.sdk.values.TupleTag;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * A TestStream's events, kept encoded (Beam's events are not serializable), for the operator that
 * replays them.
 */
public final class TestStreamSpec<T> implements OperatorSpec {
  private static final long serialVersionUID = 1L;
  private static final byte ELEMENTS = 0;
  private static final byte WATERMARK = 1;
  private static final byte PROCESSING_TIME = 2;

  final TupleTag<T> output;
  private final Coder<T> valueCoder;
  private final byte[] events;

  public TestStreamSpec(TupleTag<T> output, TestStream<T> stream) {
    this.output = output;
    this.valueCoder = stream.getValueCoder();
    this.events = encode(stream.getEvents(), TimestampedValue.TimestampedValueCoder.of(valueCoder));
  }

  @Override
  public boolean keepsWorkerState() {
    return true;
  }

  @Override
  public Operator create() {
    return new TestStreamOperator<>(this);
  }

  private static <T> byte[] encode(List<TestStream.Event<T>> events, Coder<TimestampedValue<T>> coder) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(events.size());
      for (TestStream.Event<T> event : events) {
        if (event instanceof TestStream.ElementEvent) {
          out.writeByte(ELEMENTS);
          List<TimestampedValue<T>> elements = new ArrayList<>();
          ((TestStream.ElementEvent<T>) event).getElements().forEach(elements::add);
          out.writeInt(elements.size());
          for (TimestampedValue<T> element : elements) {
            coder.encode(element, out);
          }
        } else if (event instanceof TestStream.WatermarkEvent) {
          out.writeByte(WATERMARK);
          out.writeLong(((TestStream.WatermarkEvent<T>) event).getWatermark().getMillis());
        } else {
          out.writeByte(PROCESSING_TIME);
          out.writeLong(((TestStream.ProcessingTimeEvent<T>) event).getProcessingTimeAdvance().getMillis());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Could not encode the events of a TestStream", e);
    }
    return bytes.toByteArray();
  }

  /** One event to replay: elements, or a watermark, or a processing-time advance. */
  static final class Event<T> {
    final List<TimestampedValue<T>> elements;
    final Instant watermark;
    final Duration advance;

    private Event(List<TimestampedValue<T>> elements, Instant watermark, Duration advance) {
      this.elements = elements;
      this.watermark = watermark;
      this.advance = advance;
    }
  }

  List<Event<T>> decodeEvents() throws IOException {
    Coder<TimestampedValue<T>> coder = TimestampedValue.TimestampedValueCoder.of(valueCoder);
    List<Event<T>> decoded = new ArrayList<>();
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(events))) {
      int count = in.readInt();
      for (int i = 0; i < count; i++) {
        byte type = in.readByte();
        if (type == ELEMENTS) {
          int n = in.readInt();
          List<TimestampedValue<T>> elements = new ArrayList<>(n);
          for (int e = 0; e < n; e++) {
            elements.add(coder.decode(in));
          }
          decoded.add(new Event<>(elements, null, null));
        } else if (type == WATERMARK) {
          decoded.add(new Event<>(null, new Instant(in.readLong()), null));
        } else {
          decoded.add(new Event<>(null, null, Duration.millis(in.readLong())));
        }
      }
    }
    return decoded;
  }
}
