package io.tributary.infra.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.Volume;
import io.tributary.feature.group.FeatureGroups;
import io.tributary.feature.job.FeatureJob;
import io.tributary.infra.k8s.KubernetesRender;
import io.tributary.infra.k8s.job.JobEntry;
import io.tributary.stream.job.StateLocation;
import io.tributary.stream.job.StateStore;
import io.tributary.stream.landing.LandingJob;
import io.tributary.stream.pipeline.PipelineSpec;
import io.tributary.stream.source.SourceSpec;
import io.tributary.stream.testkit.Examples;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.kubernetes.operator.api.FlinkDeployment;
import org.apache.flink.kubernetes.operator.api.spec.JobSpec;
import org.apache.flink.kubernetes.operator.api.spec.JobState;
import org.apache.flink.kubernetes.operator.api.spec.UpgradeMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tributary k8s render} from a profile over the examples: one FlinkDeployment per landing,
 * pipeline and feature job, read back into the Flink Kubernetes Operator's own resource model with
 * every field known to it, carrying the job jar, the entry class and its job, the parallelism, the
 * state locations {@code up} uses on the same state dir, and savepoint upgrades.
 */
class K8sRenderTest {
  private static final Path FEATURES = Path.of("../examples/features");
  private static final String STATE_DIR = "s3://lake/flink";

  /** The operator's model, strict: a field it does not know fails the read. */
  private static final YAMLMapper YAML =
      YAMLMapper.builder().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

  @TempDir Path dir;

  @Test
  void everyJobOfTheExamplesIsAFlinkDeploymentTheOperatorsModelReads() throws IOException {
    Path out = dir.resolve("manifests");
    CliRun run =
        render(
            """
            kafka: b-1.msk.example:9092
            catalog: glue
            warehouse: s3://lake/warehouse
            aws-region: eu-west-1
            state-dir: %s
            dynamodb: aws://eu-west-1
            parallelism: 2
            checkpoint-interval: 30s
            """
                .formatted(STATE_DIR),
            "--out",
            out.toString());
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("kubectl apply -k " + out);

    List<String> jobs = new ArrayList<>();
    Examples.sources().all().stream().map(LandingJob::jobName).forEach(jobs::add);
    Examples.pipelines().all().stream().map(PipelineSpec::jobName).forEach(jobs::add);
    FeatureGroups.load(List.of(FEATURES), Examples.sources()).all().stream()
        .map(FeatureJob::jobName)
        .forEach(jobs::add);
    assertThat(jobs).hasSizeGreaterThanOrEqualTo(6);

    JsonNode kustomization = YAML.readTree(out.resolve("kustomization.yaml").toFile());
    List<String> resources = new ArrayList<>();
    kustomization.get("resources").forEach(node -> resources.add(node.asText()));
    assertThat(resources).hasSize(jobs.size() + 1).contains("declarations.yaml");

    ConfigMap declarations =
        YAML.readValue(out.resolve("declarations.yaml").toFile(), ConfigMap.class);
    assertThat(declarations.getMetadata().getName()).isEqualTo(KubernetesRender.CONFIG_MAP);
    StateStore state = new StateStore(StateLocation.of(STATE_DIR));
    for (String job : jobs) {
      String resource = job.replace('_', '-');
      assertThat(resources).contains(resource + ".yaml");
      FlinkDeployment deployment = readDeployment(out.resolve(resource + ".yaml"));

      assertThat(deployment.getMetadata().getName()).isEqualTo(resource);
      assertThat(deployment.getMetadata().getNamespace()).isEqualTo("tributary");
      assertThat(deployment.getSpec().getImage()).isEqualTo("registry.example/tributary:0.1.0");
      assertThat(deployment.getSpec().getServiceAccount()).isEqualTo("flink");
      JobSpec spec = deployment.getSpec().getJob();
      assertThat(spec.getJarURI()).isEqualTo("local:///opt/flink/usrlib/tributary-job.jar");
      assertThat(spec.getEntryClass()).isEqualTo(JobEntry.class.getName());
      assertThat(spec.getArgs())
          .containsExactly("--job", job, "--declarations", KubernetesRender.DECLARATIONS_MOUNT);
      assertThat(spec.getParallelism()).isEqualTo(2);
      assertThat(spec.getUpgradeMode()).isEqualTo(UpgradeMode.SAVEPOINT);
      assertThat(spec.getState()).isEqualTo(JobState.RUNNING);

      Map<String, String> flink = deployment.getSpec().getFlinkConfiguration();
      // where `up` keeps the same job's state on the same state dir
      assertThat(flink)
          .containsEntry("execution.checkpointing.dir", state.checkpoints(job).uri().toString())
          .containsEntry(
              "execution.checkpointing.savepoint-dir", state.savepoints(job).uri().toString())
          .containsEntry("execution.checkpointing.interval", "30 s")
          .containsEntry("taskmanager.numberOfTaskSlots", "2")
          .containsEntry("high-availability.type", "kubernetes")
          .containsEntry("tributary.kafka", "b-1.msk.example:9092")
          .containsEntry("tributary.catalog", "glue")
          .containsEntry("tributary.warehouse", "s3://lake/warehouse")
          .containsEntry("tributary.aws-region", "eu-west-1")
          .containsEntry("tributary.dynamodb-region", "eu-west-1")
          .doesNotContainKeys("s3.access-key", "s3.secret-key");
      assertThat(flink.get("high-availability.storageDir")).isEqualTo(STATE_DIR + "/ha/" + job);

      // every declaration file is mounted where the job's --declarations points
      Volume volume =
          deployment.getSpec().getPodTemplate().getSpec().getVolumes().stream()
              .filter(v -> v.getConfigMap() != null)
              .findFirst()
              .orElseThrow();
      assertThat(volume.getConfigMap().getName()).isEqualTo(KubernetesRender.CONFIG_MAP);
      List<KeyToPath> items = volume.getConfigMap().getItems();
      assertThat(items)
          .extracting(KeyToPath::getKey)
          .containsExactlyInAnyOrderElementsOf(declarations.getData().keySet());
      assertThat(
              deployment
                  .getSpec()
                  .getPodTemplate()
                  .getSpec()
                  .getContainers()
                  .get(0)
                  .getVolumeMounts())
          .anySatisfy(
              mount ->
                  assertThat(mount.getMountPath()).isEqualTo(KubernetesRender.DECLARATIONS_MOUNT));
      Map<String, String> mounted = new java.util.TreeMap<>();
      items.forEach(item -> mounted.put(item.getPath(), declarations.getData().get(item.getKey())));
      for (SourceSpec source : Examples.sources().all()) {
        assertThat(mounted)
            .containsEntry(
                "sources/" + source.name() + ".yaml",
                Files.readString(Examples.SOURCES.resolve(source.name() + ".yaml")));
      }
      assertThat(mounted)
          .containsEntry(
              "pipelines/big_orders/transform.sql",
              Files.readString(Examples.PIPELINES.resolve("big_orders/transform.sql")))
          .containsKey("features/restaurant_activity.yaml");
    }
  }

  @Test
  void withoutAKafkaOfItsOwnTheRenderSaysWhatToGiveAndWritesNothing() throws IOException {
    Path out = dir.resolve("none");
    CliRun run =
        render(
            "catalog: glue\nwarehouse: s3://lake/warehouse\nstate-dir: s3://lake/flink\n",
            "--out",
            out.toString());
    assertThat(run.exitCode()).isNotZero();
    assertThat(run.err()).contains("--kafka host:port").doesNotContain("Exception");
    assertThat(out).doesNotExist();
  }

  @Test
  void theLocalCatalogAndStateUnderTheDataDirAreRefusedWithWhatToGive() throws IOException {
    CliRun local =
        render("kafka: k:9092\nstate-dir: s3://lake/flink\n", "--out", dir.resolve("a").toString());
    assertThat(local.exitCode()).isNotZero();
    assertThat(local.err()).contains("--catalog glue");

    CliRun noState =
        render(
            "kafka: k:9092\ncatalog: glue\nwarehouse: s3://lake/warehouse\n",
            "--out",
            dir.resolve("b").toString());
    assertThat(noState.exitCode()).isNotZero();
    assertThat(noState.err()).contains("--state-dir s3://");

    CliRun noStore =
        render(
            "kafka: k:9092\ncatalog: glue\nwarehouse: s3://lake/warehouse\n"
                + "state-dir: s3://lake/flink\n",
            "--out",
            dir.resolve("c").toString());
    assertThat(noStore.exitCode()).isNotZero();
    assertThat(noStore.err()).contains("--dynamodb aws://<region>");
  }

  /** {@code k8s render --profile} over the examples' declarations, as a user would run it. */
  private CliRun render(String profileText, String... more) throws IOException {
    Path profile =
        Files.writeString(
            dir.resolve("profile-" + System.nanoTime() + ".yaml"),
            profileText
                + "sources: ["
                + Examples.SOURCES.toAbsolutePath()
                + "]\npipelines: ["
                + Examples.PIPELINES.toAbsolutePath()
                + "]\nfeatures: ["
                + FEATURES.toAbsolutePath()
                + "]\n");
    List<String> args =
        new ArrayList<>(
            List.of(
                "k8s",
                "render",
                "--profile",
                profile.toString(),
                "--image",
                "registry.example/tributary:0.1.0"));
    args.addAll(List.of(more));
    return CliRun.of(Profile.expand(args.toArray(String[]::new)));
  }

  /**
   * The manifest as the operator's model reads it. The model served here (operator 1.10) knows
   * Flink versions up to v1_20; the one field it cannot read, the Flink version, is checked first
   * and set aside.
   */
  private static FlinkDeployment readDeployment(Path file) throws IOException {
    JsonNode tree = YAML.readTree(file.toFile());
    assertThat(tree.path("apiVersion").asText()).isEqualTo("flink.apache.org/v1beta1");
    assertThat(tree.path("kind").asText()).isEqualTo("FlinkDeployment");
    assertThat(tree.at("/spec/flinkVersion").asText()).isEqualTo(KubernetesRender.FLINK_VERSION);
    ((ObjectNode) tree.get("spec")).remove("flinkVersion");
    return YAML.treeToValue(tree, FlinkDeployment.class);
  }
}
