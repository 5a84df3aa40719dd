package io.tributary.infra.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tributary.catalog.LakeCatalog;
import io.tributary.catalog.LakeCatalogConfig;
import io.tributary.catalog.glue.MotoServer;
import io.tributary.infra.local.EmbeddedKafka;
import io.tributary.infra.local.LocalConfig;
import io.tributary.infra.remote.SeparateFlinkCluster;
import io.tributary.stream.flink.FlinkRest;
import io.tributary.stream.job.JobSettings;
import io.tributary.stream.testkit.BronzeSummary;
import io.tributary.stream.testkit.Examples;
import io.tributary.stream.testkit.Landed;
import io.tributary.stream.testkit.Orders;
import io.tributary.stream.testkit.TestEvents;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.iceberg.catalog.TableIdentifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rendered manifests run as the operator would run them ({@link OperatorStandIn}) on a Flink
 * cluster in another JVM whose classpath has Flink only: the landing of orders and the big_orders
 * pipeline come up from nothing but the job jar, {@code JobEntry}, the manifests' arguments and
 * Flink configuration and the ConfigMap's declarations, against a Kafka of its own and the lake on
 * Glue and S3 (moto). Orders land exactly once with the malformed ones in rejects, and the pipeline
 * fills silver.
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class KubernetesJobsIT {
  private static final TableIdentifier BIG_ORDERS = TableIdentifier.of("silver", "big_orders");
  private static final Path JOB_JAR = Path.of("target", "tributary-job.jar");

  @TempDir Path dir;

  @Test
  void theRenderedLandingAndPipelineRunFromTheJobJarAsTheOperatorRunsThem() throws Exception {
    assertThat(JOB_JAR).as("the job jar, built by the package phase").isRegularFile();
    try (MotoServer moto = MotoServer.start(dir.resolve("moto.log"));
        EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"), "127.0.0.1", 0);
        SeparateFlinkCluster cluster =
            SeparateFlinkCluster.start(
                dir.resolve("cluster"),
                4,
                Map.of(
                    "aws.accessKeyId", "testing",
                    "aws.secretAccessKey", "testing",
                    "aws.region", MotoServer.REGION))) {
      moto.createBucket("lake");
      LakeCatalogConfig glue =
          LakeCatalogConfig.glue(
              "s3://lake/warehouse", MotoServer.REGION, Optional.of(moto.endpoint()));
      LocalConfig config =
          LocalConfig.onFreePorts(dir.resolve("data"), List.of(Examples.SOURCES))
              .withPipelines(List.of(copyOfBigOrders()))
              .withKafka(kafka.connection())
              .withLakeCatalog(glue)
              .withStateDir(URI.create("s3://lake/flink"))
              .withJobs(new JobSettings(Duration.ofSeconds(2), "hashmap", 1));
      Path manifests = dir.resolve("manifests");
      KubernetesRender.render(
              config,
              new RenderSettings(
                  "tributary:test",
                  RenderSettings.DEFAULT_JOB_JAR,
                  RenderSettings.DEFAULT_NAMESPACE,
                  RenderSettings.DEFAULT_SERVICE_ACCOUNT,
                  Optional.empty()))
          .write(manifests);

      OperatorStandIn operator =
          new OperatorStandIn(cluster.restAddress(), JOB_JAR, dir.resolve("pods"));
      Path configMap = manifests.resolve("declarations.yaml");
      operator.run(manifests.resolve("landing-orders.yaml"), configMap);
      operator.run(manifests.resolve("pipeline-big-orders.yaml"), configMap);
      FlinkRest flink = new FlinkRest(cluster.restAddress());
      await("landing-orders and pipeline-big_orders running on the cluster")
          .atMost(Duration.ofMinutes(2))
          .untilAsserted(
              () ->
                  assertThat(
                          flink.jobs().stream()
                              .collect(
                                  Collectors.toMap(
                                      FlinkRest.Job::name,
                                      FlinkRest.Job::state,
                                      (a, b) -> a + "," + b)))
                      .containsEntry("landing-orders", "RUNNING")
                      .containsEntry("pipeline-big_orders", "RUNNING"));

      Orders.Batch orders = Orders.valid("k8s", 600, Instant.parse("2026-11-20T00:00:00Z"), 2);
      List<Orders.Malformed> malformed = Orders.malformed("k8s");
      List<TestEvents.Event> events = new ArrayList<>(orders.events());
      events.addAll(Orders.events(malformed));
      TestEvents.publish(kafka.bootstrapServers(), "src.orders", events);

      try (LakeCatalog lake = LakeCatalog.open(glue)) {
        BronzeSummary landed = Landed.awaitOrders(lake, orders);
        assertThat(landed.rows()).isEqualTo(orders.count());
        Landed.awaitRejects(lake, kafka.bootstrapServers(), "orders", malformed);
        Landed.awaitCount(lake, BIG_ORDERS, orders.atLeast20());
        // the state went where the manifest's configuration, rebased off S3, put it
        assertThat(dir.resolve("pods/state/landing-orders/checkpoints")).isDirectory();
      }
    }
  }

  private Path copyOfBigOrders() throws java.io.IOException {
    Path target = Files.createDirectories(dir.resolve("pipelines/big_orders"));
    for (String file : List.of("pipeline.yaml", "transform.sql")) {
      Files.copy(Examples.PIPELINES.resolve("big_orders").resolve(file), target.resolve(file));
    }
    return target.getParent();
  }
}
