package io.tributary.infra.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the Tributary checkout is: {@code bin/tributary} passes it as {@code -Dtributary.home}. */
final class Home {
  private Home() {}

  /** The checkout's root. */
  static Path root() {
    String home = System.getProperty("tributary.home");
    return home == null ? Path.of("") : Path.of(home);
  }

  static Path examples() {
    String home = System.getProperty("tributary.home");
    Path examples = home == null ? Path.of("examples") : Path.of(home).resolve("examples");
    if (!Files.isDirectory(examples)) {
      throw new CliException(
          "Cannot find the examples directory at "
              + examples.toAbsolutePath()
              + "; run through bin/tributary or from the repository root");
    }
    return examples;
  }
}
