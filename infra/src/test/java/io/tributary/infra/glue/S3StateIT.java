package io.tributary.infra.glue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tributary.catalog.LakeCatalogConfig;
import io.tributary.catalog.glue.MotoServer;
import io.tributary.catalog.glue.S3ProtocolFix;
import io.tributary.infra.local.LocalConfig;
import io.tributary.infra.local.LocalPlatform;
import io.tributary.infra.local.TestPlatforms;
import io.tributary.stream.job.JobSettings;
import io.tributary.stream.testkit.BronzeSummary;
import io.tributary.stream.testkit.Landed;
import io.tributary.stream.testkit.Orders;
import io.tributary.stream.testkit.TestEvents;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The jobs' state on S3 ({@code up --state-dir s3://...}, through Flink's S3 file system) carries a
 * restart: the landing job fails over from its newest checkpoint there when its task manager dies
 * mid-batch, and a stopped platform resumes from the savepoint it took there, with no order lost or
 * landed twice. Against moto, through {@link S3ProtocolFix}.
 */
@Timeout(value = 8, unit = TimeUnit.MINUTES)
class S3StateIT {
  private static final Instant NOV_20 = Instant.parse("2026-11-20T00:00:00Z");

  @TempDir Path dataDir;

  @Test
  void checkpointsAndSavepointsOnS3CarryRestartsWithNothingLostOrDoubled() throws Exception {
    try (MotoServer moto = MotoServer.start(dataDir.resolve("moto.log"));
        S3ProtocolFix s3 = S3ProtocolFix.in(moto)) {
      moto.createBucket("lake");
      LocalConfig config =
          TestPlatforms.config(dataDir)
              .withLakeCatalog(
                  LakeCatalogConfig.glue(
                      "s3://lake/warehouse", MotoServer.REGION, Optional.of(s3.endpoint())))
              .withStateDir(URI.create("s3://lake/flink"))
              .withJobs(new JobSettings(Duration.ofSeconds(2), "hashmap", 1));
      Orders.Batch first = Orders.valid("s3-first", 800, NOV_20, 2);
      Orders.Batch second = Orders.valid("s3-second", 800, NOV_20, 2);
      Orders.Batch third = Orders.valid("s3-third", 800, NOV_20, 2);

      try (LocalPlatform platform = LocalPlatform.start(config, line -> {})) {
        TestEvents.publish(platform.kafkaBootstrap(), "src.orders", first.events());
        Landed.awaitOrders(platform.lake(), first);
        await("a completed checkpoint of landing-orders on S3")
            .atMost(Duration.ofMinutes(1))
            .until(() -> hasMetadata(moto, "flink/checkpoints/landing-orders/"));

        // the task manager dies while the second batch is landing: the job restores from S3
        TestEvents.publish(platform.kafkaBootstrap(), "src.orders", second.events());
        platform.flink().killTaskManager(0);
        platform.flink().startTaskManager();
        BronzeSummary landed = Landed.awaitOrders(platform.lake(), first.plus(second));
        assertThat(landed.rows()).isEqualTo(first.count() + second.count());
      }
      // the stop took a savepoint, on S3
      assertThat(hasMetadata(moto, "flink/savepoints/landing-orders/")).isTrue();

      try (LocalPlatform again = LocalPlatform.start(config, line -> {})) {
        TestEvents.publish(again.kafkaBootstrap(), "src.orders", third.events());
        Orders.Batch all = first.plus(second).plus(third);
        BronzeSummary landed = Landed.awaitOrders(again.lake(), all);
        assertThat(landed.rows()).isEqualTo(all.count());
        assertThat(landed.distinctKeys()).isEqualTo(all.count());
        assertThat(landed.sumOfAmounts()).isEqualByComparingTo(all.sumOfAmounts());
      }
      // nothing of the jobs' state went to the data dir
      assertThat(dataDir.resolve("state")).doesNotExist();
    }
  }

  private static boolean hasMetadata(MotoServer moto, String prefix) {
    try (S3Client client = moto.s3()) {
      List<S3Object> objects =
          client.listObjectsV2(r -> r.bucket("lake").prefix(prefix)).contents();
      return objects.stream().anyMatch(object -> object.key().endsWith("/_metadata"));
    }
  }
}
