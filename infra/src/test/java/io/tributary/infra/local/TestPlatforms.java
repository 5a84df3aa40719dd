package io.tributary.infra.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tributary.catalog.LakeCatalog;
import io.tributary.stream.job.JobSettings;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.Record;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** The embedded platform as integration tests start it, and the checks they share. */
public final class TestPlatforms {
  /** Where the example sources are, seen from a module directory (Maven's working directory). */
  public static final Path EXAMPLE_SOURCES = Path.of("../examples/sources");

  /** Where the example pipelines are. */
  public static final Path EXAMPLE_PIPELINES = Path.of("../examples/pipelines");

  private static final Duration LANDING_TIMEOUT = Duration.ofMinutes(2);

  private TestPlatforms() {}

  /** Free ports, the example sources, 1 s checkpoints, parallelism 1. */
  public static LocalConfig config(Path dataDir) {
    return config(dataDir, List.of(EXAMPLE_SOURCES));
  }

  /** Free ports, the sources of {@code sourceDirs}, 1 s checkpoints, parallelism 1. */
  public static LocalConfig config(Path dataDir, List<Path> sourceDirs) {
    return LocalConfig.onFreePorts(dataDir, sourceDirs)
        .withJobs(new JobSettings(Duration.ofSeconds(1), "hashmap", 1));
  }

  /**
   * Waits until bronze holds {@code expected.count()} orders and keeps holding exactly that many
   * over several checkpoints (a late duplicate would show), then checks count, keys, offsets and
   * the sum of amounts against what was produced.
   */
  public static BronzeSummary awaitOrders(LakeCatalog lake, Orders.Batch expected) {
    return awaitOrders(lake, expected.count(), expected.sumOfAmounts());
  }

  /** As {@link #awaitOrders(LakeCatalog, Orders.Batch)}, for orders produced some other way. */
  public static BronzeSummary awaitOrders(LakeCatalog lake, long count, BigDecimal sumOfAmounts) {
    awaitCount(lake, BronzeSummary.ORDERS, count);
    BronzeSummary summary = BronzeSummary.ofOrders(lake);
    assertThat(summary.rows()).as("bronze rows").isEqualTo(count);
    assertThat(summary.distinctKeys()).as("distinct order ids").isEqualTo(count);
    assertThat(summary.distinctOffsets()).as("distinct Kafka offsets").isEqualTo(count);
    assertThat(summary.sumOfAmounts()).as("sum of amounts").isEqualByComparingTo(sumOfAmounts);
    return summary;
  }

  /**
   * Waits until {@code table} holds {@code count} rows and keeps holding exactly that many over
   * several checkpoints, so that a late duplicate commit would fail the wait.
   */
  public static void awaitCount(LakeCatalog lake, TableIdentifier table, long count) {
    await(table + " to reach " + count + " rows")
        .atMost(LANDING_TIMEOUT)
        .pollInterval(Duration.ofMillis(500))
        .until(() -> LakeRows.count(lake, table) >= count);
    await(table + " to stay at " + count + " rows")
        .during(Duration.ofSeconds(4))
        .atMost(Duration.ofSeconds(30))
        .until(() -> LakeRows.count(lake, table) == count);
  }

  /**
   * Waits until the rejects table and the dead-letter topic each hold exactly {@code malformed},
   * and checks that every one carries its payload and the expected reason.
   */
  public static void awaitRejects(
      LocalPlatform platform, String deadLetterTopic, List<Orders.Malformed> malformed) {
    LakeCatalog lake = platform.lake();
    await("bronze.orders_rejects to reach " + malformed.size() + " rows")
        .atMost(LANDING_TIMEOUT)
        .pollInterval(Duration.ofMillis(500))
        .until(() -> LakeRows.count(lake, BronzeSummary.ORDERS_REJECTS) >= malformed.size());
    List<Record> rejects = LakeRows.read(lake, BronzeSummary.ORDERS_REJECTS);
    assertThat(rejects).hasSize(malformed.size());
    List<Record> unmatched = new ArrayList<>(rejects);
    for (Orders.Malformed bad : malformed) {
      Record match =
          unmatched.stream()
              .filter(r -> Objects.equals(r.getField("payload"), bad.event().payload()))
              .findFirst()
              .orElseThrow(() -> new AssertionError("no reject for " + bad.kind() + ": " + bad));
      unmatched.remove(match);
      assertThat((String) match.getField("reason")).as(bad.kind()).contains(bad.reason());
      assertThat(match.getField("source")).isEqualTo("orders");
    }

    await(deadLetterTopic + " to hold " + malformed.size() + " committed records")
        .atMost(LANDING_TIMEOUT)
        .pollInterval(Duration.ofMillis(500))
        .until(
            () ->
                TestEvents.readCommitted(platform.kafkaBootstrap(), deadLetterTopic).size()
                    >= malformed.size());
    List<ConsumerRecord<byte[], byte[]>> letters =
        TestEvents.readCommitted(platform.kafkaBootstrap(), deadLetterTopic);
    assertThat(letters).hasSize(malformed.size());
    for (ConsumerRecord<byte[], byte[]> letter : letters) {
      assertThat(letter.headers().lastHeader("tributary.reason")).isNotNull();
      assertThat(
              new String(
                  letter.headers().lastHeader("tributary.reason").value(), StandardCharsets.UTF_8))
          .isNotBlank();
    }
  }
}
