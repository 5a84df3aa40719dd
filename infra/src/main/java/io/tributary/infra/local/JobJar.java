package io.tributary.infra.local;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the job jar, {@code tributary-job.jar}, that the build writes beside {@code tributary.jar}
 * in {@code infra/target}: the job code and connectors a Flink cluster of its own needs.
 */
final class JobJar {
  static final String FILE_NAME = "tributary-job.jar";

  private JobJar() {}

  /**
   * The job jar next to where this class was loaded from: beside {@code tributary.jar}, or, when
   * running from {@code infra/target/classes} (tests), in {@code infra/target}.
   *
   * @throws PlatformStartException naming where it looked and how to build it
   */
  static Path locate() {
    Path origin;
    try {
      origin = Path.of(JobJar.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException | RuntimeException e) {
      throw new IllegalStateException("Cannot tell where the tributary classes come from", e);
    }
    Path jar = origin.getParent().resolve(FILE_NAME);
    if (!Files.isRegularFile(jar)) {
      throw new PlatformStartException(
          "Cannot run jobs on a Flink cluster of its own: the job jar "
              + jar
              + " is missing; build it with: mvn -B package -DskipTests -pl infra -am");
    }
    return jar;
  }
}
