package io.tributary.catalog.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.catalog.LakeCatalog;
import io.tributary.catalog.LakeCatalogConfig;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TableMetadataTest {
  private static final Schema SCHEMA =
      new Schema(
          Types.NestedField.required(1, "order_id", Types.StringType.get()),
          Types.NestedField.optional(2, "customer_id", Types.StringType.get()),
          Types.NestedField.optional(3, "amount", Types.DecimalType.of(10, 2)));

  @TempDir Path dataDir;

  @Test
  void metadataIsKeptInTheTableAndReadBack() throws Exception {
    try (LakeCatalog lake = LakeCatalog.open(LakeCatalogConfig.local(dataDir)).ensureLayers()) {
      Table table = table(lake);
      TableMetadata declared =
          new TableMetadata(
              Optional.of("ordering-team"),
              Optional.of("orders placed in the app"),
              Optional.of("ordering"),
              Map.of(
                  "customer_id",
                  new ColumnMetadata(Optional.of("who ordered"), Set.of(SensitivityTag.PII)),
                  "amount",
                  new ColumnMetadata(Optional.empty(), Set.of(SensitivityTag.FINANCIAL))));

      assertThat(declared.applyTo(table)).isTrue();
      assertThat(declared.applyTo(lake.loadTable(id())))
          .as("applying again changes nothing")
          .isFalse();

      Table reloaded = lake.loadTable(id());
      assertThat(reloaded.properties())
          .containsEntry("owner", "ordering-team")
          .containsEntry("comment", "orders placed in the app")
          .containsEntry("tributary.domain", "ordering")
          .containsEntry("tributary.tags.customer_id", "pii")
          .containsEntry("tributary.tags.amount", "financial");
      assertThat(reloaded.schema().findField("customer_id").doc()).isEqualTo("who ordered");
      assertThat(TableMetadata.of(reloaded)).isEqualTo(declared);
    }
  }

  @Test
  void tagsAreAddedNeverRemoved() throws Exception {
    try (LakeCatalog lake = LakeCatalog.open(LakeCatalogConfig.local(dataDir)).ensureLayers()) {
      Table table = table(lake);
      assertThat(TableMetadata.tag(table, "customer_id", SensitivityTag.SECRET)).isTrue();
      assertThat(TableMetadata.tag(lake.loadTable(id()), "customer_id", SensitivityTag.SECRET))
          .isFalse();

      TableMetadata declared =
          new TableMetadata(
              Optional.empty(),
              Optional.empty(),
              Optional.empty(),
              Map.of(
                  "customer_id", new ColumnMetadata(Optional.empty(), Set.of(SensitivityTag.PII))));
      declared.applyTo(lake.loadTable(id()));

      assertThat(lake.loadTable(id()).properties())
          .containsEntry("tributary.tags.customer_id", "pii,secret");
    }
  }

  private static TableIdentifier id() {
    return TableIdentifier.of("bronze", "orders");
  }

  private static Table table(LakeCatalog lake) {
    return lake.createTableIfMissing(id(), SCHEMA, PartitionSpec.unpartitioned(), Map.of());
  }
}
