package io.tributary.stream.testkit;

import java.nio.file.Path;

/** Sources the tests declare beside the examples. */
public final class TestSources {
  /**
   * A directory holding {@code customers}, a source declared with {@code current:} (its bronze
   * table keeps the latest event per customer), seen from any module directory.
   */
  public static final Path CURRENT = Path.of("../stream-jobs/src/test/resources/current-sources");

  private TestSources() {}
}
