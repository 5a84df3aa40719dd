package io.tributary.stream.job;

import static java.util.Objects.requireNonNull;

import io.tributary.catalog.error.ErrorCode;
import io.tributary.catalog.error.TributaryException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;

/**
 * Where the platform's jobs run: a Flink cluster's REST address and the jars each job must carry
 * there. The embedded MiniCluster shares the platform's classpath and needs none; a cluster of its
 * own (another JVM, another machine) needs the job jar, which holds the job code and the
 * connectors.
 *
 * @param restAddress the JobManager's REST endpoint, such as {@code http://127.0.0.1:8081}
 * @param jobJars jars shipped with every job (empty for the embedded cluster)
 */
public record FlinkCluster(URI restAddress, List<Path> jobJars) {
  public FlinkCluster {
    requireNonNull(restAddress, "restAddress is null");
    jobJars = List.copyOf(requireNonNull(jobJars, "jobJars is null"));
    for (Path jar : jobJars) {
      if (!Files.isRegularFile(jar)) {
        throw new TributaryException(
            ErrorCode.UNAVAILABLE,
            "Job jar " + jar + " does not exist; build it with: mvn -B package -DskipTests");
      }
    }
  }

  /** A cluster that runs in this JVM and so sees every class the platform has. */
  public static FlinkCluster embedded(URI restAddress) {
    return new FlinkCluster(restAddress, List.of());
  }

  /** Adds the job jars to a job's configuration ({@code pipeline.jars}), if there are any. */
  public Configuration withJars(Configuration configuration) {
    if (!jobJars.isEmpty()) {
      configuration.set(
          PipelineOptions.JARS, jobJars.stream().map(jar -> jar.toUri().toString()).toList());
    }
    return configuration;
  }
}
