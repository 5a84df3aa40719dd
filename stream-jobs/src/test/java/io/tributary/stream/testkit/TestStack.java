package io.tributary.stream.testkit;

import io.tributary.catalog.LakeCatalog;
import io.tributary.catalog.LakeCatalogConfig;
import io.tributary.stream.job.FlinkCluster;
import io.tributary.stream.job.JobDefinition;
import io.tributary.stream.job.JobLauncher;
import io.tributary.stream.job.JobSettings;
import io.tributary.stream.job.LaunchedJob;
import io.tributary.stream.job.StateLocation;
import io.tributary.stream.job.StateStore;
import io.tributary.stream.kafka.KafkaConnection;
import io.tributary.stream.landing.LandingJob;
import io.tributary.stream.lineage.JobLineage;
import io.tributary.stream.lineage.LineageDatasets;
import io.tributary.stream.pipeline.PipelinePlanner;
import io.tributary.stream.pipeline.PipelineSpec;
import io.tributary.stream.pipeline.PipelineTables;
import io.tributary.stream.pipeline.PlannedPipeline;
import io.tributary.stream.pipeline.StreamingPipeline;
import io.tributary.stream.source.SourceSpec;
import io.tributary.stream.sql.internal.RemoteBatch;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.Stream;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * What stream-jobs' integration tests run on, started once per test class: a Kafka broker in the
 * test's JVM ({@link TestBroker}), a Flink MiniCluster (flink-test-utils' {@link
 * MiniClusterExtension}) that the platform's code reaches through its REST address as it reaches
 * any cluster, and the lake on the embedded catalog (SQLite and a local warehouse). Everything
 * lives under one temporary directory, removed when the class is done. A test method may take the
 * cluster's {@code @InjectMiniCluster MiniCluster} as a parameter, to fail a task manager.
 *
 * <pre>{@code
 * @RegisterExtension static final TestStack STACK = new TestStack();
 *
 * JobLauncher launcher = STACK.launcher();
 * launcher.launch(LandingJob.builder().source(orders).kafka(STACK.kafka()).lake(STACK.lake())...);
 * }</pre>
 */
public final class TestStack implements BeforeAllCallback, AfterAllCallback, ParameterResolver {
  /** Jobs checkpoint every second (Iceberg commits as often), on the heap, one wide. */
  public static final JobSettings JOBS = new JobSettings(Duration.ofSeconds(1), "hashmap", 1);

  private static final int SLOTS = 8;

  private final MiniClusterExtension flink =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(SLOTS)
              .setConfiguration(flinkConfiguration())
              .build());
  private Path work;
  private TestBroker broker;
  private boolean flinkStarted;
  private LakeCatalog lake;

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    work = Files.createTempDirectory("tributary-stack-");
    // the broker starts meanwhile: each takes seconds on a cold JVM, neither needs the other
    CompletableFuture<TestBroker> starting =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return TestBroker.start(work.resolve("kafka"));
              } catch (Exception e) {
                throw new CompletionException(e);
              }
            });
    try {
      flink.beforeAll(context);
      flinkStarted = true;
      lake = LakeCatalog.open(LakeCatalogConfig.local(work.resolve("lake"))).ensureLayers();
      broker = awaitStart(starting);
    } catch (Exception e) { // what started is stopped again
      try {
        if (broker == null) {
          broker = starting.handle((started, failure) -> started).join();
        }
        afterAll(context);
      } catch (Exception suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }

  private static TestBroker awaitStart(CompletableFuture<TestBroker> starting) throws Exception {
    try {
      return starting.join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof Exception cause ? cause : e;
    }
  }

  /** Cancels what still runs, then stops Flink, the lake and Kafka, and removes their files. */
  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    try (Cleanup cleanup = new Cleanup()) {
      if (flinkStarted) {
        cleanup.then(() -> flink.afterAll(context));
      }
      if (lake != null) {
        cleanup.then(lake::close);
      }
      if (broker != null) {
        cleanup.then(broker::close);
      }
      cleanup.then(() -> delete(work));
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return flink.supportsParameter(parameter, context);
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context)
      throws ParameterResolutionException {
    return flink.resolveParameter(parameter, context);
  }

  public TestBroker broker() {
    return broker;
  }

  /** How the platform's code reaches the broker. */
  public KafkaConnection kafka() {
    return broker.connection();
  }

  /** The MiniCluster's REST address, such as {@code http://localhost:37123}. */
  public URI flinkRest() {
    Configuration client = flink.getClientConfiguration();
    return URI.create(
        "http://" + client.get(RestOptions.ADDRESS) + ":" + client.get(RestOptions.PORT));
  }

  /** The MiniCluster as the platform's code sees a cluster in its own JVM: no job jars. */
  public FlinkCluster cluster() {
    return FlinkCluster.embedded(flinkRest());
  }

  public LakeCatalog lake() {
    return lake;
  }

  /** A directory of the stack's own, created if missing. */
  public Path directory(String name) throws IOException {
    return Files.createDirectories(work.resolve(name));
  }

  /** Where jobs launched by {@link #launcher()} keep their checkpoints and savepoints. */
  public StateStore state() {
    return new StateStore(StateLocation.of(work.resolve("state")));
  }

  /** Submits jobs to the MiniCluster with {@link #JOBS}, their state in {@link #state()}. */
  public JobLauncher launcher() {
    return new JobLauncher(cluster(), state(), JOBS);
  }

  /** How the platform runs the landing job of {@code source}, on this stack's broker and lake. */
  public JobDefinition landing(SourceSpec source) {
    return LandingJob.builder()
        .source(source)
        .kafka(kafka())
        .lake(lake)
        .build()
        .definition(
            JobLineage.landing(
                source, LineageDatasets.of(kafka(), List.of(source), lake), lake.config().name()));
  }

  /**
   * Plans {@code pipelines} over {@code sources} as the platform does when it starts (creating
   * missing targets), then launches each one's streaming job; returns the jobs by pipeline name.
   */
  public Map<String, LaunchedJob> launchPipelines(
      List<SourceSpec> sources, List<PipelineSpec> pipelines) throws InterruptedException {
    PipelineTables tables = new PipelineTables(sources, kafka(), lake.config());
    LineageDatasets datasets = LineageDatasets.of(kafka(), sources, lake);
    JobLauncher launcher = launcher();
    Map<String, LaunchedJob> jobs = new LinkedHashMap<>();
    for (PlannedPipeline planned : new PipelinePlanner(lake).planStreaming(pipelines, tables)) {
      jobs.put(
          planned.spec().name(),
          launcher.launch(
              StreamingPipeline.definition(
                  planned,
                  tables,
                  JobLineage.streaming(planned.spec(), planned.lineage(), datasets))));
    }
    return jobs;
  }

  /**
   * The rows {@code query} returns when Flink SQL runs it in batch mode on the cluster, over the
   * lake catalog ({@code lake.<layer>.<table>}); each row as its values.
   */
  public List<List<Object>> query(String query) throws Exception {
    RemoteBatch.Streams streams = RemoteBatch.tablesOverStreams(cluster(), 1);
    LakeCatalog.registerIn(streams.tables(), lake.config());
    List<List<Object>> rows = new ArrayList<>();
    try (CloseableIterator<Row> results = streams.tables().executeSql(query).collect()) {
      while (results.hasNext()) {
        Row row = results.next();
        List<Object> values = new ArrayList<>();
        for (int i = 0; i < row.getArity(); i++) {
          values.add(row.getField(i));
        }
        rows.add(values);
      }
    }
    return rows;
  }

  /** Small memory: every test class starts a cluster of its own, on two cores. */
  private static Configuration flinkConfiguration() {
    Configuration configuration = new Configuration();
    configuration.set(TaskManagerOptions.MANAGED_MEMORY_SIZE, MemorySize.ofMebiBytes(128));
    configuration.set(TaskManagerOptions.NETWORK_MEMORY_MIN, MemorySize.ofMebiBytes(64));
    configuration.set(TaskManagerOptions.NETWORK_MEMORY_MAX, MemorySize.ofMebiBytes(64));
    return configuration;
  }

  private static void delete(Path root) throws IOException {
    if (root == null || !Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }

  /** Runs each step even when one before it failed, and throws the first failure at the end. */
  private static final class Cleanup implements AutoCloseable {
    private Exception failure;

    interface Step {
      void run() throws Exception;
    }

    void then(Step step) {
      try {
        step.run();
      } catch (Exception e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }

    @Override
    public void close() throws Exception {
      if (failure != null) {
        throw failure;
      }
    }
  }
}
