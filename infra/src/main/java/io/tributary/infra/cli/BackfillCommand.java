package io.tributary.infra.cli;

import io.tributary.infra.local.RuntimeInfo;
import java.time.LocalDate;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tributary backfill}: replays of a range of days, run by the platform, one day at a time.
 */
@Command(
    name = "backfill",
    mixinStandardHelpOptions = true,
    description =
        "Replay a pipeline for every day from --from to --to through the platform API: each day"
            + " runs on the platform's cluster, overwrites that day of the target, and is recorded"
            + " in the run history (`runs`). Stops at the first day that fails.")
final class BackfillCommand implements Callable<Integer> {
  @Spec CommandSpec command;
  @Mixin CliOptions.DataDir dataDir;

  @Option(names = "--pipeline", required = true, paramLabel = "NAME", description = "The pipeline.")
  String pipeline;

  @Option(
      names = "--from",
      required = true,
      converter = ReplayCommand.DayConverter.class,
      paramLabel = "YYYY-MM-DD",
      description = "First day.")
  LocalDate from;

  @Option(
      names = "--to",
      required = true,
      converter = ReplayCommand.DayConverter.class,
      paramLabel = "YYYY-MM-DD",
      description = "Last day.")
  LocalDate to;

  @Override
  public Integer call() {
    if (to.isBefore(from)) {
      throw new CliException("--to " + to + " is before --from " + from);
    }
    RuntimeInfo runtime = RuntimeInfo.running(dataDir.dataDir);
    PlatformReplays.run(
        ApiClient.of(runtime.api()), pipeline, from, to, true, command.commandLine().getOut());
    return 0;
  }
}
