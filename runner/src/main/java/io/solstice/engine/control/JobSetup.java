package io.solstice.engine.control;

import io.solstice.engine.EngineConfig;
import java.io.Serializable;
import java.util.List;

/**
 * What every executor of a job learns when the job opens on it: the engine settings, the names of
 * the job's executors (index = position), the layout of the job's topics, and the job clock's
 * starting time.
 */
public final class JobSetup implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String jobId;
  private final EngineConfig config;
  private final List<String> executors;
  private final List<TopicLayout> topics;
  private final long clockStart;

  public JobSetup(String jobId, EngineConfig config, List<String> executors, List<TopicLayout> topics, long clockStart) {
    this.jobId = jobId;
    this.config = config;
    this.executors = List.copyOf(executors);
    this.topics = List.copyOf(topics);
    this.clockStart = clockStart;
  }

  public String jobId() {
    return jobId;
  }

  public EngineConfig config() {
    return config;
  }

  /** Ray actor names of the job's executors; an executor's index is its position here. */
  public List<String> executors() {
    return executors;
  }

  public List<TopicLayout> topics() {
    return topics;
  }

  /** The manual clock's time when the job starts (a TestStream job moves it from there). */
  public long clockStart() {
    return clockStart;
  }
}
