package io.tributary.stream.pipeline;

import static java.util.Objects.requireNonNull;

import io.tributary.catalog.lineage.LineageJob;
import io.tributary.stream.job.JobDefinition;
import io.tributary.stream.job.JobKind;
import io.tributary.stream.source.SourceSpec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.bridge.java.StreamStatementSet;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;

/**
 * A pipeline running continuously: its {@code transform.sql} as a streaming Flink job over the live
 * {@code src.<name>} tables, writing its target exactly once (Iceberg commits on each checkpoint,
 * Kafka offsets in the checkpoint).
 *
 * <pre>{@code
 * launcher.launch(
 *     StreamingPipeline.definition(
 *         planned, tables, JobLineage.streaming(planned.spec(), planned.lineage(), datasets)));
 * }</pre>
 */
public final class StreamingPipeline {
  private final PipelineSpec spec;
  private final PipelineTables tables;

  public StreamingPipeline(PipelineSpec spec, PipelineTables tables) {
    this.spec = requireNonNull(spec, "spec is null");
    this.tables = requireNonNull(tables, "tables is null");
  }

  public PipelineSpec spec() {
    return spec;
  }

  /**
   * How the platform runs a planned pipeline: its job resumes only from state of the same {@link
   * #fingerprint()}, and lineage records it as {@code lineage} says ({@code JobLineage.streaming}).
   */
  public static JobDefinition definition(
      PlannedPipeline planned, PipelineTables tables, LineageJob lineage) {
    StreamingPipeline streaming = new StreamingPipeline(planned.spec(), tables);
    return new JobDefinition(
        planned.spec().jobName(),
        JobKind.PIPELINE,
        Optional.of(streaming.fingerprint()),
        streaming::addTo,
        lineage,
        Optional.empty(),
        Optional.empty());
  }

  /** Adds the pipeline's operators to {@code env}; the caller executes it. */
  public void addTo(StreamExecutionEnvironment env) {
    StreamTableEnvironment tableEnv =
        StreamTableEnvironment.create(env, EnvironmentSettings.inStreamingMode());
    tables.registerLive(tableEnv, spec);
    StreamStatementSet statements = tableEnv.createStatementSet();
    statements.addInsertSql(spec.transform().streamingStatement());
    statements.attachAsDataStream();
    // planned into env: the tasks open the table through their own loaders
    tables.release(tableEnv);
  }

  /**
   * What the job's state depends on: the SQL, the target, the lateness and the declarations of the
   * sources it reads. Savepoints of one fingerprint cannot be trusted to restore a job of another,
   * and a replay must run the version that streams.
   */
  public String fingerprint() {
    return fingerprint(spec, tables.sources());
  }

  /** The {@link #fingerprint()} of {@code spec} over the declared {@code sources}. */
  public static String fingerprint(PipelineSpec spec, List<SourceSpec> sources) {
    List<String> read = spec.transform().sourceNames();
    StringBuilder identity =
        new StringBuilder()
            .append(spec.target())
            .append('\n')
            .append(spec.partition())
            .append('\n')
            .append(spec.lateness().map(Object::toString).orElse(""))
            .append('\n')
            .append(spec.transform().text());
    // what the sources' events are, not what the data map says about them
    sources.stream()
        .filter(s -> read.contains(s.name()))
        .forEach(
            s ->
                identity
                    .append('\n')
                    .append(
                        List.of(
                            s.name(),
                            s.topic(),
                            s.format(),
                            s.key(),
                            s.eventTime(),
                            s.maxOutOfOrderness(),
                            s.columns())));
    try {
      MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
      return HexFormat.of()
          .formatHex(sha256.digest(identity.toString().getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
