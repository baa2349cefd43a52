package io.solstice.runner;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.DefaultValueFactory;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/** Options of {@code --runner=SolsticeRunner}. */
public interface SolsticePipelineOptions extends PipelineOptions {

  /** Where Ray runs. */
  enum RayMode {
    /** Ray's local mode: every actor runs in this JVM. The embedded default. */
    LOCAL,
    /** Attach to the Ray cluster at {@code --rayAddress}. */
    CLUSTER
  }

  @Description("Default number of workers per stage. Defaults to the number of available processors.")
  @Default.InstanceFactory(AvailableProcessors.class)
  int getParallelism();

  void setParallelism(int parallelism);

  @Description(
      "Number of key groups of every keyed shuffle: the upper bound of a keyed stage's"
          + " parallelism. Keyed state is kept per key group.")
  @Default.Integer(128)
  int getMaxParallelism();

  void setMaxParallelism(int maxParallelism);

  @Description("Target size in bytes of a split, the batch of elements that crosses between stages.")
  @Default.Integer(1 << 20)
  int getTargetSplitBytes();

  void setTargetSplitBytes(int bytes);

  @Description("Splits up to this many bytes travel inside the queue message instead of the payload store.")
  @Default.Integer(16 << 10)
  int getInlineSplitBytes();

  void setInlineSplitBytes(int bytes);

  @Description(
      "Uncommitted splits a queue partition holds before its producers wait: the backpressure"
          + " credits of each edge partition.")
  @Default.Integer(16)
  int getQueueCapacity();

  void setQueueCapacity(int splits);

  @Description(
      "How splits travel between stages: 'inprocess' (queues in this JVM, the default) or 'kafka'"
          + " (topics on a Kafka-protocol broker, see --kafkaBootstrapServers).")
  @Default.String("inprocess")
  String getSolsticeTransport();

  void setSolsticeTransport(String transport);

  @Description(
      "With --solsticeTransport=kafka: the brokers as host:port[,host:port], or 'embedded' to start"
          + " an Apache Kafka broker in this JVM for the job.")
  String getKafkaBootstrapServers();

  void setKafkaBootstrapServers(String servers);

  @Description("With --solsticeTransport=kafka: keep the job's topics when it ends, for inspection.")
  @Default.Boolean(false)
  boolean getKafkaKeepTopics();

  void setKafkaKeepTopics(boolean keep);

  @Description("Ray mode: LOCAL (in this JVM, the default) or CLUSTER (with --rayAddress).")
  @Default.Enum("LOCAL")
  RayMode getRayMode();

  void setRayMode(RayMode mode);

  @Description("Address (host:port) of the Ray cluster to use with --rayMode=CLUSTER.")
  String getRayAddress();

  void setRayAddress(String address);

  @Description("Directory for Solstice's local state: Ray's session files, and later checkpoints.")
  @Default.InstanceFactory(DefaultStateDirectory.class)
  String getStateDirectory();

  void setStateDirectory(String directory);

  @Description("Seconds between progress reports of a running job in the log.")
  @Default.Integer(10)
  int getProgressIntervalSeconds();

  void setProgressIntervalSeconds(int seconds);

  // The same property, type and default as the Flink runner's option (and KafkaIO's stand-in for
  // it): one flag means the same on both runners, and the two option interfaces can coexist.
  @Description(
      "Milliseconds between checkpoints; -1 (the default) turns them off. Barriers are aligned through"
          + " every stage (the log reports each completed checkpoint); state snapshots and recovery from"
          + " them are not built yet.")
  @Default.Long(-1)
  Long getCheckpointingInterval();

  void setCheckpointingInterval(Long millis);

  @Description("Upper bound on the worker actors of one job; each holds a thread in Ray's local mode.")
  @Default.Integer(256)
  int getMaxWorkers();

  void setMaxWorkers(int workers);

  /** The number of available processors, at least 1. */
  class AvailableProcessors implements DefaultValueFactory<Integer> {
    @Override
    public Integer create(PipelineOptions options) {
      return Math.max(1, Runtime.getRuntime().availableProcessors());
    }
  }

  /** {@code solstice-state} under the system temporary directory. */
  class DefaultStateDirectory implements DefaultValueFactory<String> {
    @Override
    public String create(PipelineOptions options) {
      return java.nio.file.Paths.get(System.getProperty("java.io.tmpdir"), "solstice-state").toString();
    }
  }
}
