package io.solstice.engine.operator;

/** Watermark constants, in epoch milliseconds. */
public final class Watermarks {
  /** Nothing is known yet: data of any timestamp may still come. */
  public static final long START = Long.MIN_VALUE;
  /** The input has ended: no more data will come. */
  public static final long END = Long.MAX_VALUE;

  private Watermarks() {}

  public static String format(long watermark) {
    if (watermark == START) {
      return "START";
    }
    if (watermark == END) {
      return "END";
    }
    return java.time.Instant.ofEpochMilli(watermark).toString();
  }
}
