package io.tributary.stream.maintenance;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.stream.maintenance.policy.MaintenanceSettings;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class MaintainedTableTest {
  private static final MaintainedTable ORDERS =
      new MaintainedTable(
          "bronze.orders", "ds", Duration.ofHours(1), MaintenanceSettings.DEFAULT.policy());

  @Test
  void aDayClosesOnceItsEndPlusTheLatenessHasPassed() {
    assertThat(ORDERS.firstOpenDay(Instant.parse("2026-12-02T00:59:59Z")))
        .as("yesterday still receives events on time")
        .isEqualTo(LocalDate.parse("2026-12-01"));
    assertThat(ORDERS.firstOpenDay(Instant.parse("2026-12-02T01:00:00Z")))
        .isEqualTo(LocalDate.parse("2026-12-02"));
  }

  @Test
  void orphanRemovalComparesPathsWithoutSchemeOrAuthority() {
    assertThat(OrphanFiles.pathOf("file:/lake/bronze/orders/data/ds=2026-12-01/a.parquet"))
        .isEqualTo(OrphanFiles.pathOf("/lake/bronze/orders/data/ds=2026-12-01/a.parquet"))
        .isEqualTo(OrphanFiles.pathOf("file:///lake/bronze/orders/data/ds=2026-12-01/a.parquet"))
        .isEqualTo("/lake/bronze/orders/data/ds=2026-12-01/a.parquet");
    assertThat(OrphanFiles.pathOf("s3a://bucket/lake/a.parquet"))
        .isEqualTo(OrphanFiles.pathOf("s3://bucket/lake/a.parquet"));
  }

  @Test
  void longTableNamesStillMakeLockIds() {
    assertThat(JdbcMaintenanceLocks.lockId("lake.bronze.orders")).isEqualTo("lake.bronze.orders");
    assertThat(JdbcMaintenanceLocks.lockId("lake.silver." + "x".repeat(120))).hasSize(36);
  }
}
