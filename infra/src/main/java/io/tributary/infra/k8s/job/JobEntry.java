package io.tributary.infra.k8s.job;

import io.tributary.catalog.LakeCatalog;
import io.tributary.feature.dynamodb.GroupPointer;
import io.tributary.feature.dynamodb.OnlineStore;
import io.tributary.feature.group.FeatureGroupSpec;
import io.tributary.feature.group.FeatureGroups;
import io.tributary.feature.job.FeatureJob;
import io.tributary.stream.landing.LandingJob;
import io.tributary.stream.pipeline.PipelinePlanner;
import io.tributary.stream.pipeline.PipelineTables;
import io.tributary.stream.pipeline.Pipelines;
import io.tributary.stream.pipeline.PlannedPipeline;
import io.tributary.stream.pipeline.StreamingPipeline;
import io.tributary.stream.source.SourceSpec;
import io.tributary.stream.source.SourceTopics;
import io.tributary.stream.source.Sources;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The main class of every job the Flink Kubernetes Operator runs from the manifests of {@code
 * tributary k8s render}: {@code --job <name> --declarations <dir>}. It builds the named job from
 * the same declarations {@code up} runs (the directory holds {@code sources/}, {@code pipelines/},
 * {@code features/}, mounted from the rendered ConfigMap) with the same code ({@link LandingJob},
 * {@link StreamingPipeline}, {@link FeatureJob}), and submits it to the cluster Flink runs it in.
 * Where it runs (Kafka, the catalog, the online store) comes from its Flink configuration ({@link
 * JobSite}); checkpoints, savepoints and the restore from the last savepoint are the operator's and
 * Flink's, as the manifest configures them.
 */
public final class JobEntry {
  private JobEntry() {}

  public static void main(String[] args) throws Exception {
    Arguments arguments = Arguments.parse(args);
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    JobSite site = JobSite.of(env.getConfiguration());
    Path dir = arguments.declarations();
    Sources sources = Sources.load(dir.resolve("sources"));
    try (LakeCatalog lake = LakeCatalog.open(site.lake()).ensureLayers()) {
      Consumer<StreamExecutionEnvironment> graph =
          graph(arguments.job(), dir, sources, site, lake, env);
      graph.accept(env);
      JobClient client = env.executeAsync(arguments.job());
      System.out.println("Submitted " + arguments.job() + " as " + client.getJobID());
    }
  }

  /** The operators of the job called {@code name}, among the declarations of {@code dir}. */
  static Consumer<StreamExecutionEnvironment> graph(
      String name,
      Path dir,
      Sources sources,
      JobSite site,
      LakeCatalog lake,
      StreamExecutionEnvironment env)
      throws Exception {
    int parallelism = env.getParallelism();
    for (SourceSpec source : sources.all()) {
      if (LandingJob.jobName(source).equals(name)) {
        SourceTopics.ensure(site.kafka(), List.of(source));
        return LandingJob.builder()
                .source(source)
                .kafka(site.kafka())
                .lake(lake)
                .parallelism(parallelism)
                .build()
            ::addTo;
      }
    }
    Pipelines pipelines =
        optional(dir.resolve("pipelines"))
            .map(p -> Pipelines.load(List.of(p)))
            .orElse(Pipelines.none());
    for (var spec : pipelines.all()) {
      if (spec.jobName().equals(name)) {
        PipelineTables tables = new PipelineTables(sources.all(), site.kafka(), lake.config());
        PlannedPipeline planned =
            new PipelinePlanner(lake).planStreaming(List.of(spec), tables).get(0);
        return new StreamingPipeline(planned.spec(), tables)::addTo;
      }
    }
    FeatureGroups groups =
        optional(dir.resolve("features"))
            .map(p -> FeatureGroups.load(List.of(p), sources))
            .orElse(FeatureGroups.none());
    for (FeatureGroupSpec group : groups.all()) {
      if (FeatureJob.jobName(group).equals(name)) {
        publishIfNew(site, group);
        return FeatureJob.builder()
                .group(group)
                .source(sources.get(group.source()))
                .kafka(site.kafka())
                .store(site.store())
                .parallelism(parallelism)
                .coalesce(FeatureJob.DEFAULT_COALESCE)
                .backfill(false)
                .build()
            ::addTo;
      }
    }
    throw new IllegalArgumentException(
        "No job "
            + name
            + " among the declarations in "
            + dir
            + ": it is landing-<source>, pipeline-<pipeline> or feature-<group>-<generation> of"
            + " what is declared there; render the manifests again after changing them");
  }

  /**
   * A new group's reads point at this generation once its job starts, as {@code up} does. A group
   * whose reads point at another generation is left to {@code tributary features deploy}, which
   * switches them once the new generation has caught up.
   */
  private static void publishIfNew(JobSite site, FeatureGroupSpec group) {
    try (OnlineStore store = OnlineStore.connect(site.store())) {
      Optional<GroupPointer> pointer = store.pointer(group.name());
      if (pointer.isEmpty()) {
        store.publish(FeatureJob.pointer(group));
        store.register(FeatureJob.info(group));
      }
    }
  }

  private static Optional<Path> optional(Path dir) {
    return Files.isDirectory(dir) ? Optional.of(dir) : Optional.empty();
  }

  /** {@code --job NAME --declarations DIR}. */
  record Arguments(String job, Path declarations) {
    static Arguments parse(String[] args) {
      String job = null;
      Path declarations = null;
      for (int i = 0; i < args.length; i++) {
        String value = i + 1 < args.length ? args[i + 1] : null;
        switch (args[i]) {
          case "--job" -> job = value;
          case "--declarations" -> declarations = value == null ? null : Path.of(value);
          default -> throw new IllegalArgumentException(usage("unknown argument " + args[i]));
        }
        i++;
      }
      if (job == null || declarations == null) {
        throw new IllegalArgumentException(usage("both arguments are needed"));
      }
      if (!Files.isDirectory(declarations.resolve("sources"))) {
        throw new IllegalArgumentException(
            "The declarations directory " + declarations + " has no sources/ directory");
      }
      return new Arguments(job, declarations);
    }

    private static String usage(String problem) {
      return "JobEntry: " + problem + "; usage: --job <name> --declarations <dir>";
    }
  }
}
