package io.tributary.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableUtil;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.SupportsNamespaces;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LakeCatalogTest {
  @TempDir Path dataDir;

  private static final Schema SCHEMA =
      new Schema(
          Types.NestedField.required(1, "id", Types.StringType.get()),
          Types.NestedField.optional(2, "ds", Types.StringType.get()));

  @Test
  void localCatalogCreatesTheMedallionNamespacesUnderTheDataDir() throws Exception {
    try (LakeCatalog lake = LakeCatalog.open(LakeCatalogConfig.local(dataDir)).ensureLayers()) {
      List<Namespace> namespaces = ((SupportsNamespaces) lake.iceberg()).listNamespaces();
      assertThat(namespaces)
          .containsExactlyInAnyOrder(
              Namespace.of("bronze"), Namespace.of("silver"), Namespace.of("gold"));
    }
    assertThat(dataDir.resolve("catalog/lake.db")).exists();
  }

  @Test
  void tablesSurviveReopeningTheCatalog() throws Exception {
    TableIdentifier id = TableIdentifier.of("bronze", "orders");
    PartitionSpec spec = PartitionSpec.builderFor(SCHEMA).identity("ds").build();
    try (LakeCatalog lake = LakeCatalog.open(LakeCatalogConfig.local(dataDir)).ensureLayers()) {
      lake.createTableIfMissing(id, SCHEMA, spec, Map.of("format-version", "2"));
    }
    try (LakeCatalog lake = LakeCatalog.open(LakeCatalogConfig.local(dataDir)).ensureLayers()) {
      Table again = lake.createTableIfMissing(id, SCHEMA, spec, Map.of());
      assertThat(again.spec().fields()).hasSize(1);
      assertThat(again.location()).startsWith(dataDir.resolve("warehouse").toUri().toString());
      assertThat(TableUtil.formatVersion(again)).isEqualTo(2);
    }
  }

  @Test
  void localWarehouseIsTheSameBeforeAndAfterItsDirectoryExists() throws Exception {
    String before = LakeCatalogConfig.local(dataDir).warehouse().orElseThrow();
    java.nio.file.Files.createDirectories(dataDir.resolve("warehouse"));

    assertThat(LakeCatalogConfig.local(dataDir).warehouse().orElseThrow())
        .isEqualTo(before)
        .isEqualTo(dataDir.toUri() + "warehouse");
  }

  @Test
  void configWithoutWarehouseIsRefusedWithTheMissingKey() {
    assertThatThrownBy(
            () ->
                new LakeCatalogConfig("lake", CatalogBackend.JDBC, Map.of("uri", "jdbc:sqlite:x")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Cannot configure catalog lake: property 'warehouse' is missing");
  }
}
