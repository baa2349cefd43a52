package io.solstice.engine.job;

import io.solstice.engine.EngineConfig;
import io.solstice.engine.control.RoleAddress;
import io.solstice.engine.control.TopicLayout;
import io.solstice.engine.coordinator.CoordinatorRequest;
import io.solstice.engine.graph.EdgeSpec;
import io.solstice.engine.graph.JobGraph;
import io.solstice.engine.host.ExecutorDirectory;
import io.solstice.engine.queue.QueueProducer;
import io.solstice.engine.queue.QueueTransport;
import io.solstice.engine.queue.TopicNames;
import io.solstice.engine.queue.TopicPartition;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the outside systems that write a job's external source edges, one driver thread each, and
 * ends each edge once its system has written everything. Cancelling interrupts them.
 */
final class ExternalProduction {
  private static final Logger LOG = LoggerFactory.getLogger(ExternalProduction.class);

  private final String jobId;
  private final JobGraph graph;
  private final List<String> executorNames;
  private final ExecutorDirectory executors;
  private final Map<String, TopicLayout> topics;
  private final RoleAddress coordinator;
  private final EngineConfig config;
  private final QueueTransport transport;
  private final List<Thread> threads = new ArrayList<>();
  private volatile boolean cancelled;

  ExternalProduction(
      String jobId,
      JobGraph graph,
      List<String> executorNames,
      ExecutorDirectory executors,
      Map<String, TopicLayout> topics,
      RoleAddress coordinator,
      EngineConfig config,
      QueueTransport transport) {
    this.jobId = jobId;
    this.graph = graph;
    this.executorNames = executorNames;
    this.executors = executors;
    this.topics = topics;
    this.coordinator = coordinator;
    this.config = config;
    this.transport = transport;
  }

  /** Starts a thread per external edge; {@code onFailure} gets what one of them threw. */
  synchronized void start(Consumer<Throwable> onFailure) {
    for (EdgeSpec edge : graph.edges()) {
      if (graph.isExternal(edge.id())) {
        Thread thread = new Thread(() -> run(edge, onFailure), "solstice-external-" + jobId + "-e" + edge.id());
        thread.setDaemon(true);
        threads.add(thread);
        thread.start();
      }
    }
  }

  synchronized void cancel() {
    cancelled = true;
    threads.forEach(Thread::interrupt);
  }

  /**
   * Waits up to {@code millis} for every outside system to have stopped writing: before the job's
   * topics are deleted, which a late write could otherwise bring back on a broker that creates
   * topics on use. A cancelled system's writers stop once the job is closed on its executors.
   */
  void awaitEnd(long millis) throws InterruptedException {
    long deadline = System.currentTimeMillis() + millis;
    List<Thread> running;
    synchronized (this) {
      running = List.copyOf(threads);
    }
    for (Thread thread : running) {
      thread.join(Math.max(1, deadline - System.currentTimeMillis()));
      if (thread.isAlive()) {
        LOG.warn("Job {}: an outside system writing one of its sources has not stopped after {} ms", jobId, millis);
        return;
      }
    }
  }

  private void run(EdgeSpec edge, Consumer<Throwable> onFailure) {
    String topic = TopicNames.topic(jobId, edge);
    long start = System.currentTimeMillis();
    try {
      graph.external(edge.id()).produce(new QueueSplitChannel(jobId, executorNames, topics.get(topic), coordinator, config));
      end(edge, topic);
      LOG.info("Job {}: the outside system writing edge '{}' finished in {} ms", jobId, edge.name(), System.currentTimeMillis() - start);
    } catch (InterruptedException e) {
      if (!cancelled) {
        onFailure.accept(new IllegalStateException("Writing source edge '" + edge.name() + "' was interrupted", e));
      }
    } catch (Throwable t) {
      onFailure.accept(t);
    }
  }

  private void end(EdgeSpec edge, String topic) throws InterruptedException {
    executors.client(coordinator.executor()).ask(jobId, coordinator.role(), new CoordinatorRequest.DriverSent(edge.partitions()));
    try (QueueProducer producer = transport.createProducer()) {
      for (int p = 0; p < edge.partitions(); p++) {
        producer.send(new TopicPartition(topic, p), DriverSplits.end());
      }
      producer.flush();
    }
  }
}
