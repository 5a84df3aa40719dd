package io.tributary.infra.local;

import io.tributary.catalog.CatalogBackend;
import io.tributary.catalog.LakeCatalogConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.plugin.DefaultPluginManager;
import org.apache.flink.core.plugin.DirectoryBasedPluginFinder;
import org.apache.flink.core.plugin.PluginConfig;

/**
 * What Flink's S3 file system (flink-s3-fs-hadoop) needs for checkpoints and savepoints on {@code
 * s3://}: for a glue lake on a server of S3's protocols, its endpoint, path-style addressing and
 * region, and the keys the AWS SDK would take from system properties (Hadoop's S3A reads only the
 * environment and instance roles); on AWS, nothing, as S3A finds the environment's credentials.
 * Given to the embedded cluster and to this JVM's file systems, which the state store lists.
 */
final class S3State {
  private S3State() {}

  static Map<String, String> settings(Optional<LakeCatalogConfig> lake) {
    Map<String, String> settings = new LinkedHashMap<>();
    if (lake.isEmpty() || lake.get().backend() != CatalogBackend.GLUE) {
      return settings;
    }
    lake.get().awsRegion().ifPresent(region -> settings.put("s3.endpoint.region", region));
    lake.get()
        .awsEndpoint()
        .ifPresent(
            endpoint -> {
              settings.put("s3.endpoint", endpoint.toString());
              settings.put("s3.path.style.access", "true");
            });
    Optional.ofNullable(System.getProperty("aws.accessKeyId"))
        .ifPresent(key -> settings.put("s3.access-key", key));
    Optional.ofNullable(System.getProperty("aws.secretAccessKey"))
        .ifPresent(key -> settings.put("s3.secret-key", key));
    return settings;
  }

  /** Where the build puts Flink's S3 file system, a plugin: {@code infra/target/plugins}. */
  static final Path PLUGINS = Path.of("infra", "target", "plugins");

  /**
   * Makes this JVM's Flink file systems use {@code settings}, with {@code s3://} from Flink's S3
   * file system loaded as a plugin (a class loader of its own: it bundles Hadoop, Guava and Jackson
   * unrelocated, which would clash with the platform's on the classpath).
   */
  static void initialize(Map<String, String> settings) {
    if (settings.isEmpty()) {
      return; // the local lake: Flink's default file systems, as before
    }
    Path plugins = Features.checkout().resolve(PLUGINS).toAbsolutePath();
    if (!Files.isDirectory(plugins)) {
      throw new PlatformStartException(
          "No Flink S3 plugin under "
              + plugins
              + " for state on s3://; build the checkout first (bin/tributary does)");
    }
    Configuration configuration = Configuration.fromMap(settings);
    try {
      FileSystem.initialize(
          configuration,
          new DefaultPluginManager(
              new DirectoryBasedPluginFinder(plugins).findPlugins(),
              PluginConfig.fromConfiguration(configuration).getAlwaysParentFirstPatterns()));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot load the Flink plugins under " + plugins, e);
    }
  }
}
