package io.tributary.infra.glue;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.catalog.LakeCatalogConfig;
import io.tributary.catalog.glue.MotoServer;
import io.tributary.infra.local.LocalConfig;
import io.tributary.infra.local.LocalPlatform;
import io.tributary.infra.local.TestPlatforms;
import io.tributary.stream.testkit.BronzeSummary;
import io.tributary.stream.testkit.Landed;
import io.tributary.stream.testkit.Orders;
import io.tributary.stream.testkit.TestEvents;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.model.Table;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The platform with the glue backend, against a local server of Glue's and S3's protocols (moto):
 * orders land in bronze exactly as on the local catalog, malformed ones in rejects, and Glue lists
 * every table the platform made as an Iceberg table whose files are on S3.
 */
class GlueLandingIT {
  private static final Instant NOV_20 = Instant.parse("2026-11-20T00:00:00Z");

  @TempDir Path dataDir;

  @Test
  void ordersLandInBronzeOnS3AndGlueListsTheTables() throws Exception {
    try (MotoServer moto = MotoServer.start(dataDir.resolve("moto.log"))) {
      moto.createBucket("lake");
      LocalConfig config =
          TestPlatforms.config(dataDir)
              .withLakeCatalog(
                  LakeCatalogConfig.glue(
                      "s3://lake/warehouse", MotoServer.REGION, Optional.of(moto.endpoint())));
      Orders.Batch orders = Orders.valid("glue", 2_000, NOV_20, 2);
      List<Orders.Malformed> malformed = Orders.malformed("glue");
      List<TestEvents.Event> events = new ArrayList<>(orders.events());
      events.addAll(Orders.events(malformed));
      try (LocalPlatform platform = LocalPlatform.start(config, line -> {})) {
        TestEvents.publish(platform.kafkaBootstrap(), "src.orders", events);

        BronzeSummary landed = Landed.awaitOrders(platform.lake(), orders);
        assertThat(landed.days()).containsExactly("2026-11-20", "2026-11-21");
        Landed.awaitRejects(platform.lake(), platform.kafkaBootstrap(), "orders", malformed);
      }
      try (GlueClient glue = moto.glue();
          S3Client s3 = moto.s3()) {
        List<Table> bronze = glue.getTables(r -> r.databaseName("bronze")).tableList();
        assertThat(bronze)
            .extracting(Table::name)
            .contains("orders", "orders_rejects", "clicks", "clicks_rejects");
        for (Table table : bronze) {
          assertThat(table.parameters()).as(table.name()).containsEntry("table_type", "ICEBERG");
        }
        List<String> files =
            s3
                .listObjectsV2(r -> r.bucket("lake").prefix("warehouse/bronze.db/orders/data/"))
                .contents()
                .stream()
                .map(S3Object::key)
                .toList();
        assertThat(files)
            .anyMatch(key -> key.contains("ds=2026-11-20") && key.endsWith(".parquet"));
        assertThat(files)
            .anyMatch(key -> key.contains("ds=2026-11-21") && key.endsWith(".parquet"));
      }
    }
  }
}
