package io.tributary.infra.cli;

import io.tributary.stream.declaration.DeclarationException;
import java.nio.file.Path;
import picocli.CommandLine;

/** Entry point of the {@code tributary} command. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    CommandLine commandLine = TributaryCommand.commandLine();
    String[] expanded;
    try {
      expanded = Profile.expand(args);
    } catch (DeclarationException e) {
      commandLine.getErr().println("error: " + e.getMessage());
      System.exit(2);
      return;
    }
    configureLogging(expanded);
    if (expanded != args) {
      // the profile's values come first: one on the command line after them wins
      commandLine.setOverwrittenOptionsAllowed(true);
    }
    // Kafka and Flink leave non-daemon threads behind; the exit code is the command's
    System.exit(commandLine.execute(expanded));
  }

  /**
   * Logs go to {@code <data-dir>/logs}: {@code tributary.log} for {@code up}, {@code cli.log} for
   * the other commands. Set before any logger exists, so read from the raw arguments.
   */
  private static void configureLogging(String[] args) {
    String dataDir = CliOptions.DEFAULT_DATA_DIR;
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--data-dir") && i + 1 < args.length) {
        dataDir = args[i + 1];
      } else if (args[i].startsWith("--data-dir=")) {
        dataDir = args[i].substring("--data-dir=".length());
      }
    }
    boolean up = args.length > 0 && args[0].equals("up");
    System.setProperty(
        "tributary.log.dir", Path.of(dataDir).resolve("logs").toAbsolutePath().toString());
    System.setProperty("tributary.log.file", up ? "tributary.log" : "cli.log");
    // up stops the platform on a signal itself (StopSignals), then shuts logging down
    System.setProperty("log4j.shutdownHookEnabled", "false");
    System.setProperty("log4j2.shutdownHookEnabled", "false");
    // Log4j's own status messages (a library's malformed log call) belong nowhere near the terminal
    System.setProperty("log4j2.statusLoggerLevel", "ERROR");
    System.setProperty("log4j2.StatusLogger.level", "ERROR");
  }
}
