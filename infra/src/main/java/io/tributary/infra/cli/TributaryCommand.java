package io.tributary.infra.cli;

import io.tributary.catalog.CatalogUnavailableException;
import io.tributary.gateway.GatewayStartException;
import io.tributary.infra.local.PlatformStartException;
import io.tributary.infra.local.RuntimeInfo;
import io.tributary.infra.query.SqlException;
import io.tributary.stream.declaration.DeclarationException;
import io.tributary.stream.job.StateMismatchException;
import io.tributary.stream.produce.ProduceException;
import io.tributary.stream.replay.ReplayException;
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
      JobActionCommands.Stop.class,
      JobActionCommands.Restart.class,
      JobActionCommands.Savepoint.class,
      BenchCommand.class
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
    if (isUserFacing(e)) {
      err.println("error: " + e.getMessage());
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

  private static boolean isUserFacing(Exception e) {
    return e instanceof CliException
        || e instanceof DeclarationException
        || e instanceof ProduceException
        || e instanceof SqlException
        || e instanceof RuntimeInfo.NotRunningException
        || e instanceof StateMismatchException
        || e instanceof ReplayException
        || e instanceof GatewayStartException
        || e instanceof PlatformStartException
        || e instanceof CatalogUnavailableException
        || e instanceof IllegalArgumentException;
  }
}
