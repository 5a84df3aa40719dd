package io.tributary.stream.maintenance;

import static java.util.Objects.requireNonNull;

import io.tributary.stream.maintenance.policy.MaintenancePolicy;
import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.apache.iceberg.PartitionField;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;

/**
 * One table a maintenance job keeps, and when its days close.
 *
 * @param identifier the table in the lake ({@code bronze.orders})
 * @param dayColumn the column of the table's day ({@code yyyy-MM-dd} text or a DATE) that
 *     partitions it
 * @param lateness how long after its end a day still receives events: the source's {@code
 *     max_out_of_orderness}, a pipeline's lateness
 * @param policy how the table is maintained
 */
public record MaintainedTable(
    String identifier, String dayColumn, Duration lateness, MaintenancePolicy policy)
    implements Serializable {

  public MaintainedTable {
    requireNonNull(identifier, "identifier is null");
    requireNonNull(dayColumn, "dayColumn is null");
    requireNonNull(lateness, "lateness is null");
    requireNonNull(policy, "policy is null");
  }

  public TableIdentifier id() {
    return TableIdentifier.parse(identifier);
  }

  /**
   * The first day still open at {@code now}: a day closes once its end plus the lateness has
   * passed, as a replay's admission counts it.
   */
  public LocalDate firstOpenDay(Instant now) {
    return now.minus(lateness).atZone(ZoneOffset.UTC).toLocalDate();
  }

  /**
   * The files compaction may rewrite at {@code now}. A table partitioned by its day column is
   * compacted only in its closed days: the open ones still get a file at every checkpoint, so
   * compacting them would redo the work each run (Iceberg's rewrite would not conflict with those
   * appends, it would only be wasted). A table with no day partition (a current-only table, where a
   * key's newer event may replace a row of any day) is compacted whole.
   */
  public Expression compactable(Table table, Instant now) {
    boolean byDay =
        table.spec().fields().stream()
            .filter(field -> field.transform().isIdentity())
            .map(PartitionField::sourceId)
            .map(id -> table.schema().findColumnName(id))
            .anyMatch(dayColumn::equals);
    return byDay
        ? Expressions.lessThan(dayColumn, firstOpenDay(now).toString())
        : Expressions.alwaysTrue();
  }
}
