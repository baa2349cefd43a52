package io.solstice.engine;

import io.solstice.engine.checkpoint.CheckpointSettings;
import io.solstice.engine.fault.FaultPlan;
import io.solstice.engine.queue.TransportConfig;
import java.io.Serializable;

/** Engine settings for one job, shipped to every stage master and worker. */
public final class EngineConfig implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Whether Ray runs in this JVM (local mode) or the job attaches to a Ray cluster. */
  public enum RayMode {
    LOCAL,
    CLUSTER
  }

  private RayMode rayMode = RayMode.LOCAL;
  private String rayAddress;
  private String rayNodeIp;
  private String rayCommand;
  private String raySessionDir;
  private int executors = 1;
  private double executorCpus = 1;
  private int executorMemoryMb = 1024;
  private java.util.List<String> executorJvmOptions = java.util.List.of();
  private long objectStoreBytes = 1L << 30;
  private int maxKeyGroups = 128;
  private int targetSplitBytes = 1 << 20;
  private int maxSplitElements = 65_536;
  private int inlineSplitBytes = 16 << 10;
  private int partitionCapacity = 16;
  private int maxBundleSplits = 16;
  private long pollTimeoutMillis = 100;
  private long progressIntervalMillis = 10_000;
  private long cancelGraceMillis = 30_000;
  private AutoscalePolicy autoscale = AutoscalePolicy.defaults();
  private int maxWorkers = 256;
  private TransportConfig transport = TransportConfig.executors();
  private boolean manualClock;
  private CheckpointSettings checkpoints = CheckpointSettings.off();
  private int maxRestarts;
  private String restoreFrom;
  private long restartDelayMillis = 1_000;
  private FaultPlan faults = FaultPlan.none();

  /** Time between checkpoint barriers; 0 turns checkpoints off. */
  public long checkpointIntervalMillis() {
    return checkpoints.intervalMillis();
  }

  public CheckpointSettings checkpoints() {
    return checkpoints;
  }

  public EngineConfig checkpoints(CheckpointSettings settings) {
    this.checkpoints = settings;
    return this;
  }

  /** The checkpoint a new job starts from ({@code latest}, or a directory), or null. */
  public String restoreFrom() {
    return restoreFrom;
  }

  public EngineConfig restoreFrom(String checkpoint) {
    this.restoreFrom = checkpoint;
    return this;
  }

  /** How many times a failed job restarts (from its latest completed checkpoint, if any). */
  public int maxRestarts() {
    return maxRestarts;
  }

  public EngineConfig maxRestarts(int restarts) {
    this.maxRestarts = restarts;
    return this;
  }

  /** Faults to inject, for fault-injection trials; none by default. */
  public FaultPlan faults() {
    return faults;
  }

  public EngineConfig faults(FaultPlan plan) {
    this.faults = plan;
    return this;
  }

  /** The wait before a restart. */
  public long restartDelayMillis() {
    return restartDelayMillis;
  }

  public EngineConfig restartDelayMillis(long millis) {
    this.restartDelayMillis = millis;
    return this;
  }

  /** Whether the job's processing time moves only when a source advances it (TestStream). */
  public boolean manualClock() {
    return manualClock;
  }

  public EngineConfig manualClock(boolean manual) {
    this.manualClock = manual;
    return this;
  }

  public RayMode rayMode() {
    return rayMode;
  }

  public EngineConfig rayMode(RayMode mode) {
    this.rayMode = mode;
    return this;
  }

  /** Address of the Ray cluster to attach to in {@link RayMode#CLUSTER}. */
  public String rayAddress() {
    return rayAddress;
  }

  public EngineConfig rayAddress(String address) {
    this.rayAddress = address;
    return this;
  }

  /** In cluster mode: this driver's node address, when Ray cannot tell it (loopback clusters). */
  public String rayNodeIp() {
    return rayNodeIp;
  }

  public EngineConfig rayNodeIp(String ip) {
    this.rayNodeIp = ip;
    return this;
  }

  /** The `ray` command that starts a private head; null to look for it. */
  public String rayCommand() {
    return rayCommand;
  }

  public EngineConfig rayCommand(String command) {
    this.rayCommand = command;
    return this;
  }

  /** In cluster mode: executor processes per job; their workers are shared out over them. */
  public int executors() {
    return executors;
  }

  public EngineConfig executors(int n) {
    this.executors = n;
    return this;
  }

  /** In cluster mode: the CPUs Ray reserves for each executor. */
  public double executorCpus() {
    return executorCpus;
  }

  public EngineConfig executorCpus(double cpus) {
    this.executorCpus = cpus;
    return this;
  }

  /** In cluster mode: each executor's JVM heap (-Xmx), also reserved as Ray's memory resource. */
  public int executorMemoryMb() {
    return executorMemoryMb;
  }

  public EngineConfig executorMemoryMb(int mb) {
    this.executorMemoryMb = mb;
    return this;
  }

  /** In cluster mode: further options of each executor's JVM (GC settings, say). */
  public java.util.List<String> executorJvmOptions() {
    return executorJvmOptions;
  }

  public EngineConfig executorJvmOptions(java.util.List<String> options) {
    this.executorJvmOptions = java.util.List.copyOf(options);
    return this;
  }

  /** The object store of a private head started for the job. */
  public long objectStoreBytes() {
    return objectStoreBytes;
  }

  public EngineConfig objectStoreBytes(long bytes) {
    this.objectStoreBytes = bytes;
    return this;
  }

  /** Where Ray's local mode unpacks its native library; a fixed directory avoids one per JVM. */
  public String raySessionDir() {
    return raySessionDir;
  }

  public EngineConfig raySessionDir(String dir) {
    this.raySessionDir = dir;
    return this;
  }

  public int maxKeyGroups() {
    return maxKeyGroups;
  }

  public EngineConfig maxKeyGroups(int n) {
    this.maxKeyGroups = n;
    return this;
  }

  /** A split is shipped once its encoded elements reach this many bytes. */
  public int targetSplitBytes() {
    return targetSplitBytes;
  }

  public EngineConfig targetSplitBytes(int bytes) {
    this.targetSplitBytes = bytes;
    return this;
  }

  /** A split is shipped once it holds this many elements, whatever its size. */
  public int maxSplitElements() {
    return maxSplitElements;
  }

  public EngineConfig maxSplitElements(int n) {
    this.maxSplitElements = n;
    return this;
  }

  /** Splits up to this size travel inside the queue message instead of the payload store. */
  public int inlineSplitBytes() {
    return inlineSplitBytes;
  }

  public EngineConfig inlineSplitBytes(int bytes) {
    this.inlineSplitBytes = bytes;
    return this;
  }

  /** Uncommitted messages a partition holds before its producers block (backpressure credits). */
  public int partitionCapacity() {
    return partitionCapacity;
  }

  public EngineConfig partitionCapacity(int n) {
    this.partitionCapacity = n;
    return this;
  }

  /** Most splits a worker processes in one bundle. */
  public int maxBundleSplits() {
    return maxBundleSplits;
  }

  public EngineConfig maxBundleSplits(int n) {
    this.maxBundleSplits = n;
    return this;
  }

  public long pollTimeoutMillis() {
    return pollTimeoutMillis;
  }

  public EngineConfig pollTimeoutMillis(long millis) {
    this.pollTimeoutMillis = millis;
    return this;
  }

  /** How often a running job logs its progress. */
  public long progressIntervalMillis() {
    return progressIntervalMillis;
  }

  public EngineConfig progressIntervalMillis(long millis) {
    this.progressIntervalMillis = millis;
    return this;
  }

  /** When an elastic stage's master grows or shrinks its pool. */
  public AutoscalePolicy autoscale() {
    return autoscale;
  }

  public EngineConfig autoscale(AutoscalePolicy policy) {
    this.autoscale = policy;
    return this;
  }

  /** How long a failing or cancelled job waits for its workers to stop. */
  public long cancelGraceMillis() {
    return cancelGraceMillis;
  }

  public EngineConfig cancelGraceMillis(long millis) {
    this.cancelGraceMillis = millis;
    return this;
  }

  public TransportConfig transport() {
    return transport;
  }

  public EngineConfig transport(TransportConfig transport) {
    this.transport = transport;
    return this;
  }

  /** Upper bound on workers per job: each one holds a thread on its executor. */
  public int maxWorkers() {
    return maxWorkers;
  }

  public EngineConfig maxWorkers(int n) {
    this.maxWorkers = n;
    return this;
  }
}
