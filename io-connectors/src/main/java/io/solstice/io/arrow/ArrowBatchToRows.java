package io.solstice.io.arrow;

import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.Row;

/** Arrow IPC streams to Beam rows, as a DoFn: the Spark bridge's path on runners other than Solstice. */
public final class ArrowBatchToRows extends DoFn<byte[], Row> {
  private static final long serialVersionUID = 1L;

  private final ArrowRowDecoder decoder;

  public ArrowBatchToRows(Schema schema) {
    this.decoder = new ArrowRowDecoder(schema);
  }

  @Setup
  public void setUp() {
    decoder.open();
  }

  @ProcessElement
  public void process(@Element byte[] batch, OutputReceiver<Row> out) throws Exception {
    decoder.decode(batch, out::output);
  }

  @Teardown
  public void tearDown() {
    decoder.close();
  }
}
