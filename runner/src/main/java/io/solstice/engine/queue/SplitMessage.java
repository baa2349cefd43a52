package io.solstice.engine.queue;

import io.solstice.engine.payload.PayloadRef;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * What travels on an edge's queue: a split of data (inline, or by reference into the payload
 * store), a watermark announcement, or a checkpoint barrier. Every message names its producer and
 * carries that producer's output watermark, so a consumer can take the minimum over all producers
 * of its partitions. A retirement is a rescaled producer's last message. A barrier separates what its producer sent before checkpoint {@link
 * #checkpointId()} from what it sent after. A split that its producer's bundle continues after (it
 * filled up mid-bundle) says so: the bundle's last message on the partition does not.
 */
public final class SplitMessage {

  public enum Kind {
    DATA,
    WATERMARK,
    BARRIER,
    /**
     * The producer left its rescaled pool after its last barrier: once every producer of the
     * partition has, {@link #nextProducers()} new ones write it.
     */
    RETIRE
  }

  /** Set in the wire form's kind byte when {@link #bundleContinues()}. */
  private static final int CONTINUES_FLAG = 0x40;

  private final Kind kind;
  private final int producer;
  private final long watermark;
  private final int elementCount;
  private final byte[] inline;
  private final PayloadRef payload;
  private final long checkpointId;
  private final boolean bundleContinues;

  private SplitMessage(
      Kind kind, int producer, long watermark, int elementCount, byte[] inline, PayloadRef payload) {
    this(kind, producer, watermark, elementCount, inline, payload, 0);
  }

  private SplitMessage(
      Kind kind,
      int producer,
      long watermark,
      int elementCount,
      byte[] inline,
      PayloadRef payload,
      long checkpointId) {
    this(kind, producer, watermark, elementCount, inline, payload, checkpointId, false);
  }

  private SplitMessage(
      Kind kind,
      int producer,
      long watermark,
      int elementCount,
      byte[] inline,
      PayloadRef payload,
      long checkpointId,
      boolean bundleContinues) {
    this.bundleContinues = bundleContinues;
    this.kind = kind;
    this.checkpointId = checkpointId;
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

  public static SplitMessage barrier(int producer, long watermark, long checkpointId) {
    return new SplitMessage(Kind.BARRIER, producer, watermark, 0, null, null, checkpointId);
  }

  public static SplitMessage retire(int producer, long watermark, int nextProducers) {
    return new SplitMessage(Kind.RETIRE, producer, watermark, nextProducers, null, null);
  }

  /** How many producers write the partition after a {@link Kind#RETIRE}. */
  public int nextProducers() {
    if (kind != Kind.RETIRE) {
      throw new IllegalStateException("Only a retirement names the next producers, not " + this);
    }
    return elementCount;
  }

  /** This data split, marked as one its producer's bundle continues after. */
  public SplitMessage bundleContinuing() {
    if (kind != Kind.DATA) {
      throw new IllegalStateException("Only a data split is part of a bundle, not " + this);
    }
    return new SplitMessage(kind, producer, watermark, elementCount, inline, payload, 0, true);
  }

  /** Whether more of the producer's current bundle follows on this partition. */
  public boolean bundleContinues() {
    return bundleContinues;
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

  /** The checkpoint a {@link Kind#BARRIER} belongs to; 0 for other kinds. */
  public long checkpointId() {
    return checkpointId;
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

  /**
   * Wire form for transports that carry bytes, part one: everything but the inline data, which
   * travels as the message's body ({@link #inlineData()}) so that it is never copied.
   */
  public byte[] header() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(40);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(kind.ordinal() | (bundleContinues ? CONTINUES_FLAG : 0));
      out.writeInt(producer);
      out.writeLong(watermark);
      out.writeInt(elementCount);
      if (kind == Kind.BARRIER) {
        out.writeLong(checkpointId);
      }
      if (inline != null) {
        out.writeByte(1);
      } else if (payload != null) {
        out.writeByte(2);
        out.writeInt(payload.executor());
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

  /** Rebuilds a message from its {@link #header()} and body (null when it has no inline data). */
  public static SplitMessage fromWire(byte[] header, byte[] body) {
    if (header == null) {
      throw new IllegalArgumentException("Not a Solstice split message: it has no header");
    }
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(header))) {
      byte kindAndFlags = in.readByte();
      Kind kind = Kind.values()[kindAndFlags & ~CONTINUES_FLAG];
      int producer = in.readInt();
      long watermark = in.readLong();
      int count = in.readInt();
      if (kind == Kind.BARRIER) {
        return barrier(producer, watermark, in.readLong());
      }
      byte content = in.readByte();
      boolean continues = (kindAndFlags & CONTINUES_FLAG) != 0;
      if (content == 1) {
        if (body == null) {
          throw new IllegalArgumentException("Split message announces inline data but has no body");
        }
        return new SplitMessage(kind, producer, watermark, count, body, null, 0, continues);
      } else if (content == 2) {
        PayloadRef ref = new PayloadRef(in.readInt(), in.readLong(), in.readInt());
        return new SplitMessage(kind, producer, watermark, count, null, ref, 0, continues);
      }
      return new SplitMessage(kind, producer, watermark, count, null, null);
    } catch (IOException | ArrayIndexOutOfBoundsException e) {
      throw new IllegalArgumentException("Corrupt split message header of " + header.length + " bytes", e);
    }
  }

  @Override
  public String toString() {
    return kind
        + "(producer "
        + producer
        + ", wm "
        + watermark
        + (kind == Kind.BARRIER
            ? ", checkpoint " + checkpointId
            : kind == Kind.RETIRE ? ", " + elementCount + " producers next" : ", " + elementCount + " elements")
        + (bundleContinues ? ", bundle continues" : "")
        + ")";
  }
}
