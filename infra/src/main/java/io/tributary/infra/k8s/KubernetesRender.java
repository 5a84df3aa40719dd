package io.tributary.infra.k8s;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.tributary.catalog.CatalogBackend;
import io.tributary.catalog.LakeCatalogConfig;
import io.tributary.feature.dynamodb.OnlineStoreConfig;
import io.tributary.feature.group.FeatureGroupSpec;
import io.tributary.feature.group.FeatureGroups;
import io.tributary.feature.job.FeatureJob;
import io.tributary.infra.k8s.job.JobEntry;
import io.tributary.infra.k8s.job.JobSite;
import io.tributary.infra.local.FeatureConfig;
import io.tributary.infra.local.LocalConfig;
import io.tributary.stream.job.JobLauncher;
import io.tributary.stream.job.StateLocation;
import io.tributary.stream.job.StateStore;
import io.tributary.stream.kafka.KafkaConnection;
import io.tributary.stream.landing.LandingJob;
import io.tributary.stream.pipeline.PipelineSpec;
import io.tributary.stream.pipeline.Pipelines;
import io.tributary.stream.source.SourceSpec;
import io.tributary.stream.source.Sources;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * {@code tributary k8s render}: the platform's long-running jobs as manifests for the Flink
 * Kubernetes Operator, from the same declarations and profile {@code up} runs. Each landing,
 * pipeline and feature job becomes a {@code FlinkDeployment} of its own (application mode: one job
 * per cluster, so one job's failure or upgrade never touches another) whose job is {@link JobEntry}
 * in the job jar, upgraded through a savepoint; its checkpoints and savepoints go where {@code up}
 * keeps them on the same state dir ({@link StateStore}), with the same settings ({@link
 * JobLauncher#jobConfiguration}). The declarations travel in one ConfigMap, mounted into every job;
 * where the jobs run (Kafka, the catalog, the online store) is in each job's Flink configuration
 * ({@link JobSite}).
 *
 * <p>The manifests are built as plain maps and written with Jackson rather than with the operator's
 * model classes: the model served here (operator 1.10) predates Flink 2.1, and the CLI need not
 * carry the Kubernetes client. The render test reads them back into that model.
 */
public final class KubernetesRender {
  /**
   * The operator's name for Flink 2.1 ({@code FlinkVersion.v2_1}): operator 1.13 or later (1.11
   * stops at v2_0).
   */
  public static final String FLINK_VERSION = "v2_1";

  public static final String API_VERSION = "flink.apache.org/v1beta1";
  public static final String CONFIG_MAP = "tributary-declarations";
  public static final String DECLARATIONS_MOUNT = "/opt/tributary/declarations";
  public static final String KAFKA_MOUNT = "/opt/tributary/kafka";
  public static final String KAFKA_PROPERTIES_FILE = "client.properties";

  /** The operator refuses longer FlinkDeployment names (its services' names derive from them). */
  static final int MAX_NAME = 45;

  private static final YAMLMapper YAML =
      YAMLMapper.builder()
          .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
          .enable(YAMLGenerator.Feature.LITERAL_BLOCK_STYLE)
          .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
          .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
          .build();

  private final LocalConfig config;
  private final RenderSettings settings;

  private KubernetesRender(LocalConfig config, RenderSettings settings) {
    this.config = config;
    this.settings = settings;
  }

  /**
   * The manifests of every job {@code config} declares.
   *
   * @throws RenderException when the profile names something jobs on Kubernetes cannot reach (the
   *     embedded broker, the local catalog, state under the data dir), naming the option to give
   */
  public static Rendered render(LocalConfig config, RenderSettings settings) {
    requireNonNull(config, "config is null");
    requireNonNull(settings, "settings is null");
    return new KubernetesRender(config, settings).render();
  }

  private Rendered render() {
    KafkaConnection kafka =
        config
            .kafka()
            .orElseThrow(
                () ->
                    new RenderException(
                        "Jobs on Kubernetes reach a Kafka of their own: give --kafka host:port"
                            + " (kafka: in the profile); the embedded broker lives only in up"));
    LakeCatalogConfig lake =
        config
            .lakeCatalog()
            .filter(catalog -> catalog.backend() == CatalogBackend.GLUE)
            .orElseThrow(
                () ->
                    new RenderException(
                        "Jobs on Kubernetes open the lake's catalog themselves: give --catalog glue"
                            + " --warehouse s3://... (catalog: glue in the profile); the local"
                            + " catalog lives only in up"));
    URI stateDir =
        config
            .stateDir()
            .filter(uri -> !"file".equals(uri.getScheme()))
            .orElseThrow(
                () ->
                    new RenderException(
                        "Jobs on Kubernetes keep checkpoints and savepoints where every pod reaches"
                            + " them: give --state-dir s3://... (state-dir: in the profile)"));
    Sources sources = sources();
    Pipelines pipelines = Pipelines.load(config.pipelineDirs());
    FeatureGroups features = FeatureGroups.load(config.features().dirs(), sources);
    OnlineStoreConfig store = store(features);
    if (!kafka.properties().isEmpty() && settings.kafkaSecret().isEmpty()) {
      throw new RenderException(
          "The profile gives Kafka client properties; name the secret that holds them as "
              + KAFKA_PROPERTIES_FILE
              + " with --kafka-secret (they are not written into the manifests)");
    }
    Map<String, String> site =
        JobSite.entries(
            kafka.bootstrapServers(),
            kafka.properties().isEmpty()
                ? Optional.empty()
                : Optional.of(KAFKA_MOUNT + "/" + KAFKA_PROPERTIES_FILE),
            lake,
            store);
    Map<String, String> declarations = DeclarationFiles.of(config);
    List<RenderedJob> jobs = new ArrayList<>();
    for (SourceSpec source : sources.all()) {
      jobs.add(job(LandingJob.jobName(source), "landing"));
    }
    for (PipelineSpec pipeline : pipelines.all()) {
      jobs.add(job(pipeline.jobName(), "pipeline"));
    }
    for (FeatureGroupSpec group : features.all()) {
      jobs.add(job(FeatureJob.jobName(group), "feature"));
    }
    Map<String, String> files = new LinkedHashMap<>();
    files.put("declarations.yaml", yaml(configMap(declarations)));
    StateStore state = new StateStore(StateLocation.of(stateDir.toString()));
    for (RenderedJob job : jobs) {
      files.put(
          job.resourceName() + ".yaml",
          yaml(
              deployment(job, flinkConfiguration(job, stateDir, state, lake, site), declarations)));
    }
    files.put("kustomization.yaml", yaml(kustomization(files.keySet())));
    return new Rendered(jobs, files);
  }

  private Sources sources() {
    List<SourceSpec> all = new ArrayList<>();
    for (Path dir : config.sourceDirs()) {
      all.addAll(Sources.load(dir).all());
    }
    return Sources.of(all);
  }

  private OnlineStoreConfig store(FeatureGroups features) {
    Optional<URI> dynamodb = config.features().dynamodb();
    if (dynamodb.isEmpty()) {
      if (!features.all().isEmpty()) {
        throw new RenderException(
            "Feature jobs on Kubernetes write to a DynamoDB of their own: give --dynamodb"
                + " aws://<region> (dynamodb: in the profile); the local one lives only in up");
      }
      return new OnlineStoreConfig(
          Optional.empty(),
          OnlineStoreConfig.DEFAULT_TABLE,
          config.lakeCatalog().flatMap(LakeCatalogConfig::awsRegion).orElse("us-east-1"));
    }
    return FeatureConfig.store(dynamodb.get());
  }

  private static RenderedJob job(String jobName, String kind) {
    String name = jobName.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
    if (name.length() > MAX_NAME) {
      throw new RenderException(
          "The job "
              + jobName
              + " would be the FlinkDeployment "
              + name
              + ", longer than the operator's "
              + MAX_NAME
              + " characters; give it a shorter name");
    }
    return new RenderedJob(jobName, kind, name);
  }

  private Map<String, String> flinkConfiguration(
      RenderedJob job,
      URI stateDir,
      StateStore state,
      LakeCatalogConfig lake,
      Map<String, String> site) {
    Map<String, String> flink = new TreeMap<>();
    flink.putAll(
        JobLauncher.jobConfiguration(
                job.jobName(),
                config.jobs(),
                state.checkpoints(job.jobName()),
                state.savepoints(job.jobName()))
            .toMap());
    // one task manager with a slot per parallel task
    flink.put("taskmanager.numberOfTaskSlots", Integer.toString(config.jobs().parallelism()));
    flink.put("high-availability.type", "kubernetes");
    // the job manager's failover metadata beside the state, one directory per job
    flink.put(
        "high-availability.storageDir",
        stateDir.toString().replaceAll("/+$", "") + "/ha/" + job.jobName());
    // Flink's S3 file system (a plugin of the image) for the state on s3://
    lake.awsRegion().ifPresent(region -> flink.put("s3.endpoint.region", region));
    lake.awsEndpoint()
        .ifPresent(
            endpoint -> {
              flink.put("s3.endpoint", endpoint.toString());
              flink.put("s3.path.style.access", "true");
            });
    flink.putAll(site);
    return flink;
  }

  private Map<String, Object> deployment(
      RenderedJob job, Map<String, String> flinkConfiguration, Map<String, String> declarations) {
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("name", job.resourceName());
    metadata.put("namespace", settings.namespace());
    metadata.put(
        "labels",
        ordered(
            "app.kubernetes.io/part-of", "tributary", "app.kubernetes.io/component", job.kind()));
    metadata.put("annotations", ordered("tributary.io/job-name", job.jobName()));

    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("image", settings.image());
    spec.put("imagePullPolicy", "IfNotPresent");
    spec.put("flinkVersion", FLINK_VERSION);
    spec.put("serviceAccount", settings.serviceAccount());
    spec.put("flinkConfiguration", flinkConfiguration);
    spec.put("jobManager", ordered("resource", ordered("memory", "1024m", "cpu", 0.5)));
    spec.put("taskManager", ordered("resource", ordered("memory", "2048m", "cpu", 1.0)));
    spec.put("podTemplate", podTemplate(declarations));
    Map<String, Object> jobSpec = new LinkedHashMap<>();
    jobSpec.put("jarURI", settings.jobJar());
    jobSpec.put("entryClass", JobEntry.class.getName());
    jobSpec.put("args", List.of("--job", job.jobName(), "--declarations", DECLARATIONS_MOUNT));
    jobSpec.put("parallelism", config.jobs().parallelism());
    // a change stops the job with a savepoint and starts the new spec from it
    jobSpec.put("upgradeMode", "savepoint");
    jobSpec.put("state", "running");
    spec.put("job", jobSpec);

    Map<String, Object> deployment = new LinkedHashMap<>();
    deployment.put("apiVersion", API_VERSION);
    deployment.put("kind", "FlinkDeployment");
    deployment.put("metadata", metadata);
    deployment.put("spec", spec);
    return deployment;
  }

  private Map<String, Object> podTemplate(Map<String, String> declarations) {
    List<Map<String, Object>> mounts = new ArrayList<>();
    mounts.add(ordered("name", "declarations", "mountPath", DECLARATIONS_MOUNT, "readOnly", true));
    List<Map<String, Object>> volumes = new ArrayList<>();
    List<Map<String, Object>> items = new ArrayList<>();
    declarations
        .keySet()
        .forEach(path -> items.add(ordered("key", DeclarationFiles.key(path), "path", path)));
    volumes.add(
        ordered("name", "declarations", "configMap", ordered("name", CONFIG_MAP, "items", items)));
    settings
        .kafkaSecret()
        .ifPresent(
            secret -> {
              mounts.add(
                  ordered("name", "kafka-client", "mountPath", KAFKA_MOUNT, "readOnly", true));
              volumes.add(ordered("name", "kafka-client", "secret", ordered("secretName", secret)));
            });
    Map<String, Object> container = new LinkedHashMap<>();
    container.put("name", "flink-main-container");
    // the image's own S3 file system, for checkpoints and savepoints on s3://
    container.put(
        "env",
        List.of(
            ordered("name", "ENABLE_BUILT_IN_PLUGINS", "value", "flink-s3-fs-hadoop-2.1.1.jar")));
    container.put("volumeMounts", mounts);
    Map<String, Object> podSpec = new LinkedHashMap<>();
    podSpec.put("containers", List.of(container));
    podSpec.put("volumes", volumes);
    return ordered("apiVersion", "v1", "kind", "Pod", "spec", podSpec);
  }

  private Map<String, Object> configMap(Map<String, String> declarations) {
    Map<String, String> data = new LinkedHashMap<>();
    declarations.forEach((path, text) -> data.put(DeclarationFiles.key(path), text));
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("apiVersion", "v1");
    map.put("kind", "ConfigMap");
    map.put(
        "metadata",
        ordered(
            "name",
            CONFIG_MAP,
            "namespace",
            settings.namespace(),
            "labels",
            ordered("app.kubernetes.io/part-of", "tributary")));
    map.put("data", data);
    return map;
  }

  private Map<String, Object> kustomization(Iterable<String> files) {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("apiVersion", "kustomize.config.k8s.io/v1beta1");
    map.put("kind", "Kustomization");
    map.put("namespace", settings.namespace());
    List<String> resources = new ArrayList<>();
    files.forEach(resources::add);
    map.put("resources", resources);
    return map;
  }

  /**
   * A map of {@code keysAndValues} in their order: the manifests read the same on every render, so
   * that a diff between two shows only what changed.
   */
  private static Map<String, Object> ordered(Object... keysAndValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return map;
  }

  private static String yaml(Object value) {
    try {
      return YAML.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot write a manifest", e);
    }
  }
}
