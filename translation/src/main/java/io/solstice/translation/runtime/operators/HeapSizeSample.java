package io.solstice.translation.runtime.operators;

import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.util.common.ElementByteSizeObserver;

/**
 * Estimates the heap taken by decoded elements of one coder from the encoded sizes of a sample:
 * every element of the first {@value #EXACT}, then one in {@value #EVERY}. A decoded object is
 * taken to cost twice its encoding plus a header ({@value #OBJECT_BYTES} bytes), a rough rule for
 * boxed numbers, strings and small records; the budget it serves leaves room for the error.
 */
final class HeapSizeSample<T> {
  private static final int EXACT = 100;
  private static final int EVERY = 64;
  private static final int OBJECT_BYTES = 16;

  private final Coder<T> coder;
  private final SizeObserver size = new SizeObserver();
  private long seen;
  private long sampled;
  private long sampledBytes;

  HeapSizeSample(Coder<T> coder) {
    this.coder = coder;
  }

  /** The estimated heap bytes of {@code value}, the sample's average for most elements. */
  long heapBytes(T value) {
    seen++;
    if (seen <= EXACT || seen % EVERY == 0) {
      sampled++;
      sampledBytes += encodedSize(value);
    }
    return 2 * (sampledBytes / sampled) + OBJECT_BYTES;
  }

  private long encodedSize(T value) {
    size.reported = 0;
    try {
      coder.registerByteSizeObserver(value, size);
    } catch (Exception e) {
      throw new IllegalStateException("Could not size an element with " + coder, e);
    }
    size.advance();
    return size.reported;
  }

  /** Takes the size a coder reports for one element. */
  private static final class SizeObserver extends ElementByteSizeObserver {
    long reported;

    @Override
    protected void reportElementSize(long elementByteSize) {
      reported = elementByteSize;
    }
  }
}
