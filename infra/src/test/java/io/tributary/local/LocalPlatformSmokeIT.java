package io.tributary.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.catalog.TableIdentifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalPlatformSmokeIT {
  @TempDir Path dataDir;

  @Test
  void landsValidOrdersAndRejectsBadOnes() throws Exception {
    LocalConfig config =
        LocalConfig.defaults(dataDir, List.of(Path.of("../examples/sources")), 0, 0)
            .withJobs(new JobSettings(Duration.ofSeconds(1), "hashmap", 1));
    List<String> lines = new ArrayList<>();
    try (LocalPlatform platform = LocalPlatform.start(config, lines::add)) {
      List<String[]> events = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        events.add(
            new String[] {
              "o-" + i,
              "{\"order_id\":\"o-"
                  + i
                  + "\",\"amount\":\"1.50\",\"event_time\":\"2026-11-20T10:00:00Z\"}"
            });
      }
      events.add(new String[] {null, "not json"});
      TestEvents.publish(platform.kafkaBootstrap(), "src.orders", events);
      await()
          .atMost(Duration.ofSeconds(60))
          .untilAsserted(
              () -> {
                assertThat(LakeRows.read(platform.lake(), TableIdentifier.of("bronze", "orders")))
                    .hasSize(100);
                assertThat(
                        LakeRows.read(
                            platform.lake(), TableIdentifier.of("bronze", "orders_rejects")))
                    .hasSize(1);
              });
    }
    System.out.println(String.join("\n", lines));
  }
}
