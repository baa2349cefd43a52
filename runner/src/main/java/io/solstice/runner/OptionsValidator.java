package io.solstice.runner;

import io.solstice.engine.EngineConfig;
import io.solstice.engine.AutoscalePolicy;
import io.solstice.engine.checkpoint.CheckpointSettings;
import io.solstice.engine.checkpoint.S3Settings;
import io.solstice.engine.fault.FaultPlan;
import io.solstice.engine.queue.TransportConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** Checks Solstice's options before a job starts; every message names the option and the fix. */
final class OptionsValidator {
  private static final int MAX_KEY_GROUPS = 32_768;
  /** What Kafka records may hold by default (message.max.bytes), less room for headers. */
  private static final int KAFKA_MAX_INLINE_BYTES = (1 << 20) - 4096;
  static final String EMBEDDED = "embedded";

  private OptionsValidator() {}

  static void validate(SolsticePipelineOptions options) {
    int parallelism = options.getParallelism();
    require(parallelism >= 1, "--parallelism=" + parallelism, "must be at least 1",
        "pass --parallelism=N with N >= 1, or leave it out for one worker per processor");
    require(options.getScaleCooldown() >= 0, "--scaleCooldown=" + options.getScaleCooldown(), "cannot be negative",
        "pass the least milliseconds between two rescales of a stage");
    int maxParallelism = options.getMaxParallelism();
    require(maxParallelism >= 1 && maxParallelism <= MAX_KEY_GROUPS, "--maxParallelism=" + maxParallelism,
        "must be between 1 and " + MAX_KEY_GROUPS, "pass a number of key groups in that range (default 128)");
    require(parallelism <= maxParallelism, "--parallelism=" + parallelism,
        "exceeds --maxParallelism=" + maxParallelism + ", the number of key groups a keyed stage can spread",
        "raise --maxParallelism or lower --parallelism");
    require(parallelism <= options.getMaxWorkers(), "--parallelism=" + parallelism,
        "exceeds --maxWorkers=" + options.getMaxWorkers(), "raise --maxWorkers or lower --parallelism");
    int split = options.getTargetSplitBytes();
    require(split >= 1024 && split <= (64 << 20), "--targetSplitBytes=" + split,
        "must be between 1 KiB and 64 MiB", "pass a size in bytes in that range (default 1 MiB)");
    int inline = options.getInlineSplitBytes();
    require(inline >= 0 && inline <= split, "--inlineSplitBytes=" + inline,
        "must be between 0 and --targetSplitBytes=" + split, "pass a smaller size (default 16 KiB)");
    require(options.getQueueCapacity() >= 1, "--queueCapacity=" + options.getQueueCapacity(),
        "must be at least 1", "pass the number of in-flight splits per partition (default 16)");
    require(options.getProgressIntervalSeconds() >= 1,
        "--progressIntervalSeconds=" + options.getProgressIntervalSeconds(), "must be at least 1",
        "pass a number of seconds (default 10)");
    require(options.getStatusPort() >= -1 && options.getStatusPort() <= 65535, "--statusPort=" + options.getStatusPort(),
        "is not a port", "pass 0 for a free port (the default), a port up to 65535, or -1 for no status server");
    require(options.getGroupingMemoryMb() >= 0, "--groupingMemoryMb=" + options.getGroupingMemoryMb(), "cannot be negative",
        "pass megabytes per worker's grouping step, or 0 (the default) for a sixteenth of the heap shared by its workers");
    long checkpointing = checkpointingInterval(options);
    require(checkpointing == -1 || checkpointing >= 10, "--checkpointingInterval=" + checkpointing,
        "must be -1 (off) or at least 10 milliseconds", "pass -1, or an interval such as 60000");
    require(options.getRetainedCheckpoints() >= 1, "--retainedCheckpoints=" + options.getRetainedCheckpoints(),
        "must be at least 1", "pass how many completed checkpoints to keep (default 3)");
    require(options.getTolerableCheckpointFailures() >= 0,
        "--tolerableCheckpointFailures=" + options.getTolerableCheckpointFailures(), "cannot be negative",
        "pass 0 (the default) or more");
    require((options.getS3AccessKey() == null) == (options.getS3SecretKey() == null), "--s3AccessKey/--s3SecretKey",
        "must be given together", "pass both, or neither for the AWS SDK's default credentials chain");
    require(options.getCheckpointTimeout() >= 0, "--checkpointTimeout=" + options.getCheckpointTimeout(),
        "cannot be negative", "pass milliseconds (default 600000), or 0 for no limit");
    require(options.getMinPauseBetweenCheckpoints() >= 0, "--minPauseBetweenCheckpoints=" + options.getMinPauseBetweenCheckpoints(),
        "cannot be negative", "pass milliseconds (default 0: the next checkpoint may start as soon as one ends)");
    require(options.getMaxRestarts() >= 0, "--maxRestarts=" + options.getMaxRestarts(), "cannot be negative",
        "pass 0 (the default: no restarts) or more");
    require(options.getRestartDelay() >= 0, "--restartDelay=" + options.getRestartDelay(), "cannot be negative",
        "pass a number of milliseconds (default 1000)");
    validateTransport(options);
    if (options.getRayMode() == SolsticePipelineOptions.RayMode.CLUSTER) {
      validateCluster(options);
    }
    stateDirectory(options);
  }

  private static void validateTransport(SolsticePipelineOptions options) {
    String transport = options.getSolsticeTransport();
    require(isKafka(options) || "executor".equalsIgnoreCase(transport) || "inprocess".equalsIgnoreCase(transport),
        "--solsticeTransport=" + transport, "is not a transport",
        "pass --solsticeTransport=executor (the default) or --solsticeTransport=kafka");
    if (!isKafka(options)) {
      return;
    }
    String servers = options.getKafkaBootstrapServers();
    require(servers != null && !servers.isBlank(), "--solsticeTransport=kafka",
        "needs brokers", "pass --kafkaBootstrapServers=host:port, or --kafkaBootstrapServers=embedded");
    if (!EMBEDDED.equalsIgnoreCase(servers)) {
      for (String server : servers.split(",")) {
        require(server.trim().matches("[^:\\s]+:\\d{1,5}"), "--kafkaBootstrapServers=" + servers,
            "has '" + server.trim() + "', not host:port", "list brokers as host:port[,host:port]");
      }
    }
    require(options.getInlineSplitBytes() <= KAFKA_MAX_INLINE_BYTES, "--inlineSplitBytes=" + options.getInlineSplitBytes(),
        "exceeds what a Kafka record may hold by default (" + KAFKA_MAX_INLINE_BYTES + " bytes)",
        "lower --inlineSplitBytes; larger splits travel through the payload store");
  }

  private static void validateCluster(SolsticePipelineOptions options) {
    String address = options.getRayAddress();
    require(address == null || address.trim().matches("[^:\\s]+:\\d{1,5}"), "--rayAddress=" + address,
        "is not host:port", "pass the address `ray start --head` printed, such as 127.0.0.2:6379");
    require(options.getExecutorSlots() >= 1, "--executorSlots=" + options.getExecutorSlots(), "must be at least 1",
        "pass the worker slots per executor (default 2)");
    require(options.getExecutors() >= 1, "--executors=" + options.getExecutors(), "must be at least 1",
        "pass the number of executor processes per job (default: --parallelism / --executorSlots)");
    require(options.getExecutorCpus() > 0, "--executorCpus=" + options.getExecutorCpus(), "must be above 0",
        "pass the CPUs to reserve per executor, such as 1 or 0.5");
    require(options.getExecutorMemoryMb() >= 128, "--executorMemoryMb=" + options.getExecutorMemoryMb(),
        "must be at least 128", "pass each executor's heap in MB (default 1024)");
  }

  static boolean isKafka(SolsticePipelineOptions options) {
    return "kafka".equalsIgnoreCase(options.getSolsticeTransport());
  }

  static boolean isEmbeddedKafka(SolsticePipelineOptions options) {
    return isKafka(options) && EMBEDDED.equalsIgnoreCase(options.getKafkaBootstrapServers());
  }

  /** The state directory, created if missing. */
  static Path stateDirectory(SolsticePipelineOptions options) {
    Path dir = Paths.get(options.getStateDirectory());
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "Invalid option --stateDirectory=" + dir + ": it cannot be created (" + e + "). Pass a"
              + " writable directory.", e);
    }
    if (!Files.isWritable(dir)) {
      throw new IllegalArgumentException(
          "Invalid option --stateDirectory=" + dir + ": it is not writable. Pass a writable directory.");
    }
    return dir;
  }

  static EngineConfig engineConfig(SolsticePipelineOptions options) {
    boolean cluster = options.getRayMode() == SolsticePipelineOptions.RayMode.CLUSTER;
    return new EngineConfig()
        .rayMode(cluster ? EngineConfig.RayMode.CLUSTER : EngineConfig.RayMode.LOCAL)
        .rayAddress(options.getRayAddress() == null ? null : options.getRayAddress().trim())
        .rayNodeIp(options.getRayNodeIp())
        .rayCommand(options.getRayCommand())
        .executors(cluster ? options.getExecutors() : 1)
        .executorCpus(options.getExecutorCpus())
        .executorMemoryMb(options.getExecutorMemoryMb())
        .executorJvmOptions(jvmOptions(options.getExecutorJvmOptions()))
        .raySessionDir(stateDirectory(options).resolve("ray-session").toString())
        .maxKeyGroups(options.getMaxParallelism())
        .targetSplitBytes(options.getTargetSplitBytes())
        .inlineSplitBytes(options.getInlineSplitBytes())
        .partitionCapacity(options.getQueueCapacity())
        .progressIntervalMillis(options.getProgressIntervalSeconds() * 1000L)
        .maxWorkers(options.getMaxWorkers())
        .autoscale(AutoscalePolicy.defaults().withCooldownMillis(options.getScaleCooldown()))
        .checkpoints(checkpointSettings(options))
        .maxRestarts(options.getMaxRestarts())
        .restoreFrom(blankToNull(options.getRestoreFromCheckpoint()))
        .restartDelayMillis(options.getRestartDelay())
        .faults(faultPlan(options))
        .transport(
            isKafka(options) && !isEmbeddedKafka(options)
                ? TransportConfig.kafka(options.getKafkaBootstrapServers(), options.getKafkaKeepTopics())
                : TransportConfig.executors());
  }

  private static java.util.List<String> jvmOptions(String options) {
    return options == null || options.isBlank() ? java.util.List.of() : java.util.List.of(options.trim().split("\\s+"));
  }

  private static FaultPlan faultPlan(SolsticePipelineOptions options) {
    try {
      return FaultPlan.parse(options.getFaultInjection());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--faultInjection=" + options.getFaultInjection() + ": " + e.getMessage(), e);
    }
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.trim();
  }

  private static CheckpointSettings checkpointSettings(SolsticePipelineOptions options) {
    String location = options.getCheckpointLocation();
    if (location == null || location.isBlank()) {
      location = stateDirectory(options).resolve("checkpoints").toAbsolutePath().toString();
    }
    return new CheckpointSettings(
        Math.max(0, checkpointingInterval(options)),
        location,
        options.getRetainedCheckpoints(),
        options.getTolerableCheckpointFailures(),
        options.getCheckpointTimeout(),
        options.getMinPauseBetweenCheckpoints(),
        s3Settings(options, location));
  }

  /** Solstice's own --s3* options if any is set, else those of Beam's AWS module, else defaults. */
  private static S3Settings s3Settings(SolsticePipelineOptions options, String location) {
    S3Settings own =
        new S3Settings(
            blankToNull(options.getS3Endpoint()),
            blankToNull(options.getS3Region()),
            options.getS3PathStyleAccess(),
            blankToNull(options.getS3AccessKey()),
            blankToNull(options.getS3SecretKey()));
    if (!own.equals(S3Settings.defaults()) || !location.startsWith("s3://")) {
      return own;
    }
    S3Settings beams = BeamAwsSettings.of(options);
    return beams == null ? own : beams;
  }

  private static long checkpointingInterval(SolsticePipelineOptions options) {
    Long interval = options.getCheckpointingInterval();
    return interval == null ? -1 : interval;
  }

  private static void require(boolean ok, String option, String problem, String fix) {
    if (!ok) {
      throw new IllegalArgumentException("Invalid option " + option + ": it " + problem + ". Fix: " + fix + ".");
    }
  }
}
