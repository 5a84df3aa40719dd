package io.tributary.feature.group;

import io.tributary.feature.aggregate.Aggregation;
import io.tributary.feature.aggregate.FeatureDefinition;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.LocalTime;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * A feature group whose values come from a lake table instead of a stream: per entity, the served
 * columns of its row with the greatest {@code latest_by}, synced into the online store after each
 * replay of a pipeline or daily (docs/features.md, "Table groups").
 *
 * @param name the group's name: {@code [a-z][a-z0-9_]*}
 * @param owner for the data map
 * @param description for the data map
 * @param entity the table's columns that identify an entity, in order
 * @param from the lake table, {@code lake.<namespace>.<table>}
 * @param columns the served columns, in declared order
 * @param latestBy the column whose greatest value picks an entity's row
 * @param sync when it is synced
 * @param maxAge past which a read reports a value STALE (by the row's {@code latest_by})
 * @param file the declaration
 */
public record TableGroupSpec(
    String name,
    Optional<String> owner,
    Optional<String> description,
    List<String> entity,
    String from,
    List<String> columns,
    String latestBy,
    SyncSchedule sync,
    Optional<Duration> maxAge,
    Path file) {

  /**
   * When a table group is synced: after each successful replay of a pipeline, or daily at a time of
   * day (UTC); by hand ({@code tributary features sync}) always.
   *
   * @param afterPipeline the pipeline whose replays a sync follows
   * @param daily the time of day, UTC
   */
  public record SyncSchedule(Optional<String> afterPipeline, Optional<LocalTime> daily) {
    public SyncSchedule {
      if (afterPipeline.isPresent() == daily.isPresent()) {
        throw new IllegalArgumentException("A sync is either after a pipeline or daily");
      }
    }
  }

  public TableGroupSpec {
    entity = List.copyOf(entity);
    columns = List.copyOf(columns);
  }

  /** The served columns as the reader sees them: each a lifetime {@code value}. */
  public List<FeatureDefinition> definitions() {
    return columns.stream()
        .map(
            column ->
                new FeatureDefinition(
                    column,
                    Aggregation.VALUE,
                    Optional.empty(),
                    FeatureDefinition.LIFETIME_SLICE,
                    0))
        .toList();
  }

  /**
   * The generation: the first 8 hex digits of the SHA-256 of what the values depend on (entity,
   * table, columns, latest_by), not of when it syncs or what the data map says.
   */
  public String generation() {
    String identity =
        String.join("\n", "table", entity.toString(), from, columns.toString(), latestBy);
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(identity.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest).substring(0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Every Java platform has SHA-256", e);
    }
  }
}
