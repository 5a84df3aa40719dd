package io.tributary.bench;

import java.nio.file.Path;

/** Where the example declarations the benchmarks use are: {@code <tributary.home>/examples}. */
final class BenchHome {
  private BenchHome() {}

  static Path examples() {
    String home = System.getProperty("tributary.home");
    return home == null ? Path.of("examples") : Path.of(home).resolve("examples");
  }

  static Path exampleSources() {
    return examples().resolve("sources");
  }

  static Path examplePipelines() {
    return examples().resolve("pipelines");
  }
}
