package io.tributary.infra.local;

import io.tributary.stream.job.JobSettings;
import io.tributary.stream.testkit.Examples;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The embedded platform as integration tests start it. The checks of what landed are the test kit's
 * ({@link io.tributary.stream.testkit.Landed}), shared with stream-jobs' tests.
 */
public final class TestPlatforms {
  private TestPlatforms() {}

  /** Free ports, the example sources, 1 s checkpoints, parallelism 1. */
  public static LocalConfig config(Path dataDir) {
    return config(dataDir, List.of(Examples.SOURCES));
  }

  /** Free ports, the sources of {@code sourceDirs}, 1 s checkpoints, parallelism 1. */
  public static LocalConfig config(Path dataDir, List<Path> sourceDirs) {
    return LocalConfig.onFreePorts(dataDir, sourceDirs)
        .withJobs(new JobSettings(Duration.ofSeconds(1), "hashmap", 1));
  }
}
