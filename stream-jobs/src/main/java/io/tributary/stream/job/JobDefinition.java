package io.tributary.stream.job;

import static java.util.Objects.requireNonNull;

import io.tributary.catalog.lineage.LineageJob;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * How to build one long-running job: enough to start it, and to start it again from its savepoint.
 *
 * @param name the Flink job name, unique on the platform ({@code landing-orders}); its state is
 *     kept under this name
 * @param kind what the job is
 * @param fingerprint the version of the job whose state it writes, when versions matter: a job
 *     resumes only from state of the same fingerprint
 * @param graph adds the job's operators to an environment
 * @param lineage the job as lineage records it
 * @param consumerGroup the Kafka consumer group that commits the job's offsets, for its lag
 * @param topic the topic the job reads, for its lag
 */
public record JobDefinition(
    String name,
    JobKind kind,
    Optional<String> fingerprint,
    Consumer<StreamExecutionEnvironment> graph,
    LineageJob lineage,
    Optional<String> consumerGroup,
    Optional<String> topic) {
  public JobDefinition {
    requireNonNull(name, "name is null");
    requireNonNull(kind, "kind is null");
    requireNonNull(fingerprint, "fingerprint is null");
    requireNonNull(graph, "graph is null");
    requireNonNull(lineage, "lineage is null");
    requireNonNull(consumerGroup, "consumerGroup is null");
    requireNonNull(topic, "topic is null");
  }
}
