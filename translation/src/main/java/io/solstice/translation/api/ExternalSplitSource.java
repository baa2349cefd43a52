package io.solstice.translation.api;

/**
 * A source whose elements a system outside the job writes while the job runs (a Spark job's tasks),
 * as byte arrays. The transform that implements this is a {@code PTransform<PBegin, PCollection>}:
 * on SolsticeRunner it is not expanded; the driver calls {@link #produce} once the job's stages have
 * started, and the stage that consumes the output reads what it wrote, through {@link #decoder()}.
 * On any other runner the transform's own expansion runs instead.
 */
public interface ExternalSplitSource {

  /**
   * Writes every element through writers opened from {@code sink} (any number, from any thread or
   * process that can reach the job), then returns. A failure thrown here fails the job. The job's
   * cancellation interrupts the calling thread, which must then stop what it started.
   */
  void produce(SplitSink sink) throws Exception;

  /**
   * Turns each written byte array into elements of the transform's output; null if the output is the
   * byte arrays themselves (coded with {@code ByteArrayCoder}).
   */
  default ElementDecoder<?> decoder() {
    return null;
  }
}
