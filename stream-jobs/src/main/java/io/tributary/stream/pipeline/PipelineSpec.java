package io.tributary.stream.pipeline;

import static java.util.Objects.requireNonNull;

import io.tributary.catalog.metadata.TableMetadata;
import io.tributary.stream.declaration.InvalidFieldException;
import io.tributary.stream.maintenance.policy.MaintenanceSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A declared pipeline: a directory {@code pipelines/<name>/} with {@code pipeline.yaml} and {@code
 * transform.sql}. The same SQL runs continuously as a streaming job and, for one day at a time, as
 * a replay that overwrites that day of the target. Immutable and checked on construction.
 *
 * @param name lower-case identifier, the directory's name; the streaming job is {@code
 *     pipeline-<name>}
 * @param metadata owner, description, domain and column descriptions and tags of the target
 * @param target the table it writes
 * @param partition the day column of the target ({@code yyyy-MM-dd} text or a DATE); a replay of
 *     day D overwrites the rows where it is D
 * @param lateness how late an event may arrive and still count for its day; at least each source's
 *     {@code max_out_of_orderness}
 * @param directory where the pipeline is declared
 * @param transform the SQL
 * @param dailyReplay when set, the time of day (UTC) at which the platform replays yesterday
 * @param maintenance how the target is maintained, where it differs from the platform's defaults
 */
public record PipelineSpec(
    String name,
    TableMetadata metadata,
    TargetTable target,
    String partition,
    Optional<Duration> lateness,
    Path directory,
    TransformSql transform,
    Optional<LocalTime> dailyReplay,
    MaintenanceSpec maintenance) {

  public static final String YAML_FILE = "pipeline.yaml";
  public static final String SQL_FILE = "transform.sql";

  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,63}");
  private static final Pattern COLUMN = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");

  public PipelineSpec {
    requireNonNull(name, "name is null");
    requireNonNull(metadata, "metadata is null");
    requireNonNull(target, "target is null");
    requireNonNull(partition, "partition is null");
    requireNonNull(lateness, "lateness is null");
    requireNonNull(directory, "directory is null");
    requireNonNull(transform, "transform is null");
    requireNonNull(dailyReplay, "dailyReplay is null");
    requireNonNull(maintenance, "maintenance is null");
    if (!NAME.matcher(name).matches()) {
      throw new InvalidFieldException(
          "name",
          "'"
              + name
              + "' is not a valid pipeline name (lower-case letters, digits and _, from a-z)");
    }
    if (!COLUMN.matcher(partition).matches()) {
      throw new InvalidFieldException("partition", "'" + partition + "' is not a column name");
    }
    lateness.ifPresent(
        l -> {
          if (l.isNegative()) {
            throw new InvalidFieldException("lateness", "must not be negative");
          }
        });
  }

  /** The Flink job name of the streaming pipeline: {@code pipeline-<name>}. */
  public String jobName() {
    return "pipeline-" + name;
  }

  /** How late an event of a source with {@code maxOutOfOrderness} may be and still count. */
  public Duration latenessFor(Duration maxOutOfOrderness) {
    return lateness.filter(l -> l.compareTo(maxOutOfOrderness) > 0).orElse(maxOutOfOrderness);
  }
}
