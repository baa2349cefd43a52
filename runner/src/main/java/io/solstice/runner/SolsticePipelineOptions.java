package io.solstice.runner;

import com.fasterxml.jackson.annotation.JsonIgnore;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.DefaultValueFactory;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.Hidden;
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
      "How splits travel between stages: 'executor' (the default: each partition is held in memory by"
          + " the executor whose worker reads it; no broker; 'inprocess' is its former name) or 'kafka'"
          + " (topics on a Kafka-protocol broker, see --kafkaBootstrapServers).")
  @Default.String("executor")
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

  @Description(
      "Ray mode: LOCAL (in this JVM, the default) or CLUSTER (on the Ray cluster at --rayAddress, or on"
          + " a private single-node head started for the job if no address is given).")
  @Default.Enum("LOCAL")
  RayMode getRayMode();

  void setRayMode(RayMode mode);

  @Description(
      "With --rayMode=CLUSTER: the address (host:port) of a running Ray 2.58.0 cluster's head (`ray start"
          + " --head`). Without it, a private head is started on 127.0.0.2 and stopped after the job.")
  String getRayAddress();

  void setRayAddress(String address);

  @Description(
      "With --rayMode=CLUSTER: this driver's node address, when Ray cannot tell it (a cluster on"
          + " loopback addresses). Defaults to the address's host if it is a 127.x address.")
  String getRayNodeIp();

  void setRayNodeIp(String ip);

  @Description(
      "With --rayMode=CLUSTER and no --rayAddress: the `ray` command (ray 2.58.0) that starts the"
          + " private head. Defaults to the one installed beside the ray_dist.jar on the classpath, then"
          + " to `ray` on the PATH.")
  String getRayCommand();

  void setRayCommand(String command);

  @Description(
      "With --rayMode=CLUSTER: worker slots per executor. An executor is a Ray actor in a JVM of its own;"
          + " each of its slots runs one worker of every stage, as a Flink task manager's slots do.")
  @Default.Integer(2)
  int getExecutorSlots();

  void setExecutorSlots(int slots);

  @Description(
      "With --rayMode=CLUSTER: executor processes per job. Defaults to --parallelism divided by"
          + " --executorSlots, rounded up.")
  @Default.InstanceFactory(ExecutorsDefault.class)
  int getExecutors();

  void setExecutors(int executors);

  @Description("With --rayMode=CLUSTER: CPUs Ray reserves for each executor. Defaults to --executorSlots.")
  @Default.InstanceFactory(ExecutorCpusDefault.class)
  double getExecutorCpus();

  void setExecutorCpus(double cpus);

  @Description(
      "With --rayMode=CLUSTER: each executor's JVM heap in MB (-Xmx), also reserved as Ray's memory"
          + " resource.")
  @Default.Integer(2048)
  int getExecutorMemoryMb();

  void setExecutorMemoryMb(int megabytes);

  @Description(
      "With --rayMode=CLUSTER: further options of each executor's JVM, space-separated (GC settings, say).")
  @Default.String("")
  String getExecutorJvmOptions();

  void setExecutorJvmOptions(String options);

  @Description("Directory for Solstice's local state: Ray's session files, and later checkpoints.")
  @Default.InstanceFactory(DefaultStateDirectory.class)
  String getStateDirectory();

  void setStateDirectory(String directory);

  @Description(
      "Heap in MB that each worker's batch grouping step (GroupByKey, Combine, CoGroupByKey on bounded"
          + " input) may fill before it spills sorted runs to --spillDirectory. 0 (the default) takes a"
          + " sixteenth of the heap, shared by the stage's workers in that JVM (all of --parallelism in"
          + " local mode, --executorSlots in an executor).")
  @Default.Integer(0)
  int getGroupingMemoryMb();

  void setGroupingMemoryMb(int megabytes);

  @Description(
      "Directory where batch grouping steps spill what outgrows --groupingMemoryMb; each step makes a"
          + " directory of its own there and removes it when done or failed. Defaults to java.io.tmpdir.")
  String getSpillDirectory();

  void setSpillDirectory(String directory);

  @Description("Seconds between progress reports of a running job in the log.")
  @Default.Integer(10)
  int getProgressIntervalSeconds();

  void setProgressIntervalSeconds(int seconds);

  @Description(
      "Port of the job's status page and JSON API, served by the driver while the job runs: 0 (the"
          + " default) takes a free port and logs the page's address, -1 turns the server off.")
  @Default.Integer(0)
  int getStatusPort();

  void setStatusPort(int port);

  @Description(
      "Address the status server binds. The default, 127.0.0.1, serves this machine only; 0.0.0.0"
          + " serves every interface, to anyone who can reach it (the page can cancel the job).")
  @Default.String("127.0.0.1")
  String getStatusAddress();

  void setStatusAddress(String address);

  // The same property, type and default as the Flink runner's option (and KafkaIO's stand-in for
  // it): one flag means the same on both runners, and the two option interfaces can coexist.
  @Description(
      "Milliseconds between checkpoints; -1 (the default) turns them off. At each checkpoint every"
          + " worker snapshots its state at aligned barriers and writes it to --checkpointLocation; a"
          + " job that fails restarts from the latest completed one (--maxRestarts). A batch job's"
          + " checkpoints hold everything its grouping steps have gathered so far, so they grow with"
          + " its input.")
  @Default.Long(-1)
  Long getCheckpointingInterval();

  void setCheckpointingInterval(Long millis);

  @Description(
      "Where checkpoints go: file:///path or a plain path (a directory every process of the job can"
          + " reach), or s3://bucket/prefix. Each job writes under <location>/<job id>/. Default: checkpoints/ in"
          + " --stateDirectory.")
  String getCheckpointLocation();

  void setCheckpointLocation(String location);

  @Description(
      "Before the job starts, list the directory each file sink (TextIO, FileIO, AvroIO, ParquetIO) writes to"
          + " first, so that a missing bucket or refused credentials fail it at once. false skips the check, for a"
          + " role that may write but not list.")
  @Default.Boolean(true)
  boolean getCheckOutputLocations();

  void setCheckOutputLocations(boolean check);

  @Description("With an s3:// --checkpointLocation: the S3 endpoint's URL (an S3-compatible server's); default AWS's.")
  String getS3Endpoint();

  void setS3Endpoint(String endpoint);

  @Description("With an s3:// --checkpointLocation: the region requests are signed for; default us-east-1.")
  String getS3Region();

  void setS3Region(String region);

  @Description("With an s3:// --checkpointLocation: address buckets in the path, as most S3-compatible servers want.")
  @Default.Boolean(false)
  boolean getS3PathStyleAccess();

  void setS3PathStyleAccess(boolean pathStyle);

  @Description(
      "With an s3:// --checkpointLocation: an access key (with --s3SecretKey) instead of the AWS SDK's default"
          + " credentials chain (environment, system properties, profile, instance role).")
  String getS3AccessKey();

  void setS3AccessKey(String accessKey);

  @Description("The secret of --s3AccessKey.")
  @JsonIgnore
  String getS3SecretKey();

  void setS3SecretKey(String secretKey);

  @Description(
      "Milliseconds a checkpoint may take before it fails (counted against"
          + " --tolerableCheckpointFailures); 0 for no limit.")
  @Default.Long(600_000)
  long getCheckpointTimeout();

  void setCheckpointTimeout(long millis);

  @Description(
      "Least milliseconds from the end of one checkpoint to the start of the next (default 0), so"
          + " that checkpoints slower than the interval still leave the job time to process.")
  @Default.Long(0)
  long getMinPauseBetweenCheckpoints();

  void setMinPauseBetweenCheckpoints(long millis);

  @Description("How many completed checkpoints to keep; older ones are deleted.")
  @Default.Integer(3)
  int getRetainedCheckpoints();

  void setRetainedCheckpoints(int retained);

  @Description(
      "How many checkpoints in a row may fail (a state file or manifest that could not be written)"
          + " before the job fails; 0 (the default) fails it at the first.")
  @Default.Integer(0)
  int getTolerableCheckpointFailures();

  void setTolerableCheckpointFailures(int failures);

  @Description(
      "How many times a failed job restarts before it fails, each time from its latest completed"
          + " checkpoint (or from the start if none completed). 0, the default, fails the job at once.")
  @Default.Integer(0)
  int getMaxRestarts();

  void setMaxRestarts(int restarts);

  @Description(
      "Start the job from a completed checkpoint instead of from the beginning: latest (the newest"
          + " completed checkpoint of any job under --checkpointLocation), a checkpoint's directory"
          + " (<location>/<job>/chk-<id>) or a job's (its newest). The pipeline must have the shape"
          + " that took it. For resuming a job whose driver died or that was cancelled.")
  String getRestoreFromCheckpoint();

  void setRestoreFromCheckpoint(String checkpoint);

  @Description(
      "For fault-injection trials only: roles to kill, as point:stage:worker:hit:attempt separated"
          + " by ';' (point MID_BUNDLE, ALIGNING, UPLOADING, ACKNOWLEDGED or STAGE_MASTER; stage, part"
          + " of a stage's name; the hit-th time the role reaches the point, in the attempt-th run"
          + " of the job). Local mode throws in the role; cluster mode halts its executor process.")
  @Hidden
  String getFaultInjection();

  void setFaultInjection(String faults);

  @Description("Milliseconds to wait before a restart.")
  @Default.Long(1_000)
  long getRestartDelay();

  void setRestartDelay(long millis);

  @Description(
      "Elastic worker pools: MIN..MAX workers for every stage that can rescale (one whose workers keep no"
          + " state of their own besides keyed state), started with MIN; each stage's master grows the pool"
          + " while its input backlog is not draining and shrinks it while its workers are mostly idle,"
          + " handing keyed state over between two checkpoints, in place."
          + " Unset (the default): every stage keeps --parallelism workers. Ray's local mode only for now.")
  String getWorkerPool();

  void setWorkerPool(String pool);

  @Description(
      "Per-stage elastic pools, overriding --workerPool: NAME=MIN..MAX[,NAME=MIN..MAX...], NAME being a"
          + " stage's name or the name of a transform in it (as in the progress log); MIN..MIN fixes a stage.")
  String getStageWorkerPools();

  void setStageWorkerPools(String pools);

  @Description("Least milliseconds between two rescales of an elastic stage (and from its start to the first).")
  @Default.Long(20_000)
  long getScaleCooldown();

  void setScaleCooldown(long millis);

  @Description("Upper bound on the workers of one job; each holds a thread on its executor.")
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

  /** Enough executors for every worker of a stage: --parallelism / --executorSlots, rounded up. */
  class ExecutorsDefault implements DefaultValueFactory<Integer> {
    @Override
    public Integer create(PipelineOptions options) {
      SolsticePipelineOptions solstice = options.as(SolsticePipelineOptions.class);
      int slots = Math.max(1, solstice.getExecutorSlots());
      return Math.max(1, (solstice.getParallelism() + slots - 1) / slots);
    }
  }

  /** A CPU per slot. */
  class ExecutorCpusDefault implements DefaultValueFactory<Double> {
    @Override
    public Double create(PipelineOptions options) {
      return (double) Math.max(1, options.as(SolsticePipelineOptions.class).getExecutorSlots());
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
