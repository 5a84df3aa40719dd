package io.tributary.infra.cli;

import io.tributary.catalog.error.ErrorKind;
import io.tributary.catalog.error.TributaryException;
import java.io.PrintWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code tributary} command and its subcommands. */
@Command(
    name = "tributary",
    mixinStandardHelpOptions = true,
    version = "tributary 0.1.0",
    description = "A streaming-first data platform: Kafka log, Flink SQL, Iceberg lake.",
    subcommands = {
      UpCommand.class,
      ProduceCommand.class,
      SqlCommand.class,
      StatusCommand.class,
      ReplayCommand.class,
      TrinoCommand.class,
      TablesCommand.class,
      DescribeCommand.class,
      TagCommand.class,
      LineageCommand.class,
      DeployCommand.class,
      HistoryCommand.class,
      BackfillCommand.class,
      RunsCommand.class,
      JobsCommand.class,
      FeaturesCommand.class,
      ServingCommand.class,
      JobActionCommands.Stop.class,
      JobActionCommands.Restart.class,
      JobActionCommands.Savepoint.class,
      BenchCommand.class,
      K8sCommand.class
    })
final class TributaryCommand implements Runnable {
  static final int EXIT_ERROR = 1;
  static final int EXIT_INTERNAL = 3;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "Missing a command");
  }

  static CommandLine commandLine() {
    CommandLine commandLine = new CommandLine(new TributaryCommand());
    commandLine.setExecutionExceptionHandler(TributaryCommand::handle);
    return commandLine;
  }

  /**
   * Renders a failure once, at the edge: a user-facing error as one line with exit code 1, an
   * unexpected one with a pointer to the log and exit code 3.
   */
  private static int handle(Exception e, CommandLine commandLine, CommandLine.ParseResult parsed) {
    PrintWriter err = commandLine.getErr();
    if (e instanceof InterruptedException) {
      Thread.currentThread().interrupt();
    }
    if (TributaryException.codeOf(e).kind() != ErrorKind.INTERNAL) {
      err.println("error: " + e.getMessage());
      err.flush();
      LoggerFactory.getLogger(TributaryCommand.class).debug("Command failed", e);
      return EXIT_ERROR;
    }
    if (AwsErrors.isAws(e)) {
      err.println("error: " + AwsErrors.describe(e));
      err.flush();
      LoggerFactory.getLogger(TributaryCommand.class).debug("Command failed", e);
      return EXIT_ERROR;
    }
    Logger log = LoggerFactory.getLogger(TributaryCommand.class);
    log.error("Command failed unexpectedly", e);
    err.println(
        "error: internal error: "
            + e
            + " (details in "
            + System.getProperty("tributary.log.dir", ".tributary/logs")
            + ")");
    err.flush();
    return EXIT_INTERNAL;
  }
}
