package io.tributary.catalog.metadata;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Optional;
import org.apache.iceberg.Table;

/**
 * What the last maintenance run did to a table, kept in the table's own properties under {@link
 * #PROPERTY} as one JSON object. The table carries it, so every engine and every copy of the
 * platform (the CLI, a remote cluster) reads the same record through the catalog.
 *
 * @param finishedAt when the run ended
 * @param job the maintenance job that ran it ({@code maintenance-<source or pipeline>})
 * @param succeeded whether every task of the run succeeded
 * @param rewrittenDataFiles data files compaction replaced
 * @param addedDataFiles data files compaction wrote in their place
 * @param rewrittenDeleteFiles delete files folded into the data by compaction
 * @param expiredSnapshots snapshots removed by expiry
 * @param removedOrphanFiles files under the table's location no snapshot referenced, removed
 * @param error what failed, when a task did
 */
public record MaintenanceRecord(
    Instant finishedAt,
    String job,
    boolean succeeded,
    long rewrittenDataFiles,
    long addedDataFiles,
    long rewrittenDeleteFiles,
    long expiredSnapshots,
    long removedOrphanFiles,
    Optional<String> error) {

  /** The table property that holds the record. */
  public static final String PROPERTY = "tributary.maintenance.last-run";

  private static final ObjectMapper JSON = new ObjectMapper();

  public MaintenanceRecord {
    requireNonNull(finishedAt, "finishedAt is null");
    requireNonNull(job, "job is null");
    requireNonNull(error, "error is null");
  }

  /** The record {@code table} carries, if maintenance ever ran on it. */
  public static Optional<MaintenanceRecord> of(Table table) {
    return parse(table.properties().get(PROPERTY));
  }

  /** The record in {@code json}; empty when absent or not a record (never fails a reader). */
  public static Optional<MaintenanceRecord> parse(String json) {
    if (json == null || json.isBlank()) {
      return Optional.empty();
    }
    try {
      JsonNode node = JSON.readTree(json);
      return Optional.of(
          new MaintenanceRecord(
              Instant.parse(node.path("finished_at").asText()),
              node.path("job").asText(),
              node.path("succeeded").asBoolean(),
              node.path("rewritten_data_files").asLong(),
              node.path("added_data_files").asLong(),
              node.path("rewritten_delete_files").asLong(),
              node.path("expired_snapshots").asLong(),
              node.path("removed_orphan_files").asLong(),
              node.hasNonNull("error")
                  ? Optional.of(node.get("error").asText())
                  : Optional.empty()));
    } catch (JsonProcessingException | RuntimeException e) {
      // a hand-edited or foreign property: the table still describes, without a last run
      return Optional.empty();
    }
  }

  /** The record as the property's JSON value. */
  public String toJson() {
    ObjectNode node = JSON.createObjectNode();
    node.put("finished_at", finishedAt.toString());
    node.put("job", job);
    node.put("succeeded", succeeded);
    node.put("rewritten_data_files", rewrittenDataFiles);
    node.put("added_data_files", addedDataFiles);
    node.put("rewritten_delete_files", rewrittenDeleteFiles);
    node.put("expired_snapshots", expiredSnapshots);
    node.put("removed_orphan_files", removedOrphanFiles);
    error.ifPresent(e -> node.put("error", e));
    return node.toString();
  }

  /**
   * Writes this record into {@code table}'s properties (a metadata commit, retried on conflict).
   */
  public void writeTo(Table table) {
    table.updateProperties().set(PROPERTY, toJson()).commit();
  }
}
