package io.solstice.spark;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.beam.sdk.coders.ByteArrayCoder;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.io.BoundedSource;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.catalyst.InternalRow;

/**
 * SparkSource on runners other than Solstice: a bounded source of one shard per Spark partition,
 * each of which runs a Spark job for its partition and brings its Arrow batches to the reading JVM.
 */
final class SparkArrowBatchSource extends BoundedSource<byte[]> {
  private static final long serialVersionUID = 1L;
  private static final int ALL_PARTITIONS = -1;

  private final String view;
  private final ArrowBatchEncoder encoder;
  private final int partition;

  SparkArrowBatchSource(String view, ArrowBatchEncoder encoder) {
    this(view, encoder, ALL_PARTITIONS);
  }

  private SparkArrowBatchSource(String view, ArrowBatchEncoder encoder, int partition) {
    this.view = view;
    this.encoder = encoder;
    this.partition = partition;
  }

  @Override
  public List<? extends BoundedSource<byte[]>> split(long desiredBundleSizeBytes, PipelineOptions options) {
    if (partition != ALL_PARTITIONS) {
      return List.of(this);
    }
    List<SparkArrowBatchSource> shards = new ArrayList<>();
    int partitions = rows().getNumPartitions();
    for (int i = 0; i < partitions; i++) {
      shards.add(new SparkArrowBatchSource(view, encoder, i));
    }
    return shards;
  }

  /** Unknown without running Spark's planner statistics, which may be costly; Beam accepts 0. */
  @Override
  public long getEstimatedSizeBytes(PipelineOptions options) {
    return 0;
  }

  @Override
  public Coder<byte[]> getOutputCoder() {
    return ByteArrayCoder.of();
  }

  @Override
  public BoundedReader<byte[]> createReader(PipelineOptions options) {
    return new Reader(this);
  }

  private JavaRDD<InternalRow> rows() {
    return SparkViews.lookUp(view).queryExecution().toRdd().toJavaRDD();
  }

  private List<byte[]> collect() {
    JavaRDD<InternalRow> rows = rows();
    int[] partitions;
    if (partition == ALL_PARTITIONS) {
      partitions = new int[rows.getNumPartitions()];
      for (int i = 0; i < partitions.length; i++) {
        partitions[i] = i;
      }
    } else {
      partitions = new int[] {partition};
    }
    List<byte[]> batches = new ArrayList<>();
    for (List<byte[]> part : rows.mapPartitions(new EncodePartition(encoder)).collectPartitions(partitions)) {
      batches.addAll(part);
    }
    return batches;
  }

  private static final class EncodePartition implements FlatMapFunction<Iterator<InternalRow>, byte[]> {
    private static final long serialVersionUID = 1L;

    private final ArrowBatchEncoder encoder;

    EncodePartition(ArrowBatchEncoder encoder) {
      this.encoder = encoder;
    }

    @Override
    public Iterator<byte[]> call(Iterator<InternalRow> rows) throws Exception {
      List<byte[]> batches = new ArrayList<>();
      encoder.encode(rows, batches::add);
      return batches.iterator();
    }
  }

  private static final class Reader extends BoundedReader<byte[]> {
    private final SparkArrowBatchSource source;
    private Iterator<byte[]> batches;
    private byte[] current;

    Reader(SparkArrowBatchSource source) {
      this.source = source;
    }

    @Override
    public boolean start() {
      batches = source.collect().iterator();
      return advance();
    }

    @Override
    public boolean advance() {
      current = batches.hasNext() ? batches.next() : null;
      return current != null;
    }

    @Override
    public byte[] getCurrent() {
      if (current == null) {
        throw new NoSuchElementException();
      }
      return current;
    }

    @Override
    public void close() {}

    @Override
    public BoundedSource<byte[]> getCurrentSource() {
      return source;
    }
  }
}
