package io.tributary.infra.cli;

import io.tributary.infra.local.PlatformOptions;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options shared by every subcommand. */
final class CliOptions {
  static final String DEFAULT_DATA_DIR = PlatformOptions.DEFAULT_DATA_DIR;

  /** The data directory option, mixed into each command that reads or writes platform state. */
  static final class DataDir {
    @Option(
        names = "--data-dir",
        paramLabel = "DIR",
        defaultValue = DEFAULT_DATA_DIR,
        description = "Data directory of the platform (default: ${DEFAULT-VALUE}).")
    Path dataDir;
  }

  private CliOptions() {}
}
