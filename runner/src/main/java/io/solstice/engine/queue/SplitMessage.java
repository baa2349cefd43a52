package io.solstice.engine.queue;

import io.solstice.engine.payload.PayloadRef;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * What travels on an edge's queue: either a split of data (inline, or by reference into the payload
 * store) or a watermark announcement. Every message names its producer and carries that producer's
 * output watermark, so a consumer can take the minimum over all producers of its partitions.
 */
public final class SplitMessage {

  public enum Kind {
    DATA,
    WATERMARK
  }

  private final Kind kind;
  private final int producer;
  private final long watermark;
  private final int elementCount;
  private final byte[] inline;
  private final PayloadRef payload;

  private SplitMessage(
      Kind kind, int producer, long watermark, int elementCount, byte[] inline, PayloadRef payload) {
    this.kind = kind;
    this.producer = producer;
    this.watermark = watermark;
    this.elementCount = elementCount;
    this.inline = inline;
    this.payload = payload;
  }

  public static SplitMessage inline(int producer, long watermark, int elementCount, byte[] data) {
    return new SplitMessage(Kind.DATA, producer, watermark, elementCount, data, null);
  }

  public static SplitMessage stored(
      int producer, long watermark, int elementCount, PayloadRef payload) {
    return new SplitMessage(Kind.DATA, producer, watermark, elementCount, null, payload);
  }

  public static SplitMessage watermark(int producer, long watermark) {
    return new SplitMessage(Kind.WATERMARK, producer, watermark, 0, null, null);
  }

  public Kind kind() {
    return kind;
  }

  public int producer() {
    return producer;
  }

  public long watermark() {
    return watermark;
  }

  public int elementCount() {
    return elementCount;
  }

  /** The split's bytes when they travel inside the message, else null. */
  public byte[] inlineData() {
    return inline;
  }

  /** The payload-store reference when the bytes travel separately, else null. */
  public PayloadRef payload() {
    return payload;
  }

  /** Size of the split's data, wherever it lives. */
  public int dataSize() {
    return inline != null ? inline.length : payload != null ? payload.size() : 0;
  }

  /** Wire form, for transports that carry bytes. */
  public byte[] toBytes() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(32 + (inline == null ? 0 : inline.length));
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(kind.ordinal());
      out.writeInt(producer);
      out.writeLong(watermark);
      out.writeInt(elementCount);
      if (inline != null) {
        out.writeByte(1);
        out.writeInt(inline.length);
        out.write(inline);
      } else if (payload != null) {
        out.writeByte(2);
        out.writeLong(payload.id());
        out.writeInt(payload.size());
      } else {
        out.writeByte(0);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  public static SplitMessage fromBytes(byte[] wire) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(wire))) {
      Kind kind = Kind.values()[in.readByte()];
      int producer = in.readInt();
      long watermark = in.readLong();
      int count = in.readInt();
      byte body = in.readByte();
      if (body == 1) {
        byte[] data = new byte[in.readInt()];
        in.readFully(data);
        return new SplitMessage(kind, producer, watermark, count, data, null);
      } else if (body == 2) {
        PayloadRef ref = new PayloadRef(in.readLong(), in.readInt());
        return new SplitMessage(kind, producer, watermark, count, null, ref);
      }
      return new SplitMessage(kind, producer, watermark, count, null, null);
    } catch (IOException e) {
      throw new IllegalArgumentException("Corrupt split message of " + wire.length + " bytes", e);
    }
  }

  @Override
  public String toString() {
    return kind + "(producer " + producer + ", wm " + watermark + ", " + elementCount + " elements)";
  }
}
