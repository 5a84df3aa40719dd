package io.tributary.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.local.RuntimeInfo;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Locale;
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

  @Option(names = "--from", required = true, paramLabel = "YYYY-MM-DD", description = "First day.")
  LocalDate from;

  @Option(names = "--to", required = true, paramLabel = "YYYY-MM-DD", description = "Last day.")
  LocalDate to;

  @Override
  public Integer call() {
    if (to.isBefore(from)) {
      throw new CliException("--to " + to + " is before --from " + from);
    }
    RuntimeInfo runtime = RuntimeInfo.running(dataDir.dataDir);
    ApiClient api = ApiClient.of(runtime.api());
    PrintWriter out = command.commandLine().getOut();
    long days = from.datesUntil(to.plusDays(1)).count();
    int index = 0;
    for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(1)) {
      index++;
      out.printf(Locale.ROOT, "[%d/%d] replaying %s of %s...%n", index, days, day, pipeline);
      out.flush();
      long started = System.nanoTime();
      JsonNode run =
          api.post(
              "/api/v1/replays",
              new ObjectMapper()
                  .createObjectNode()
                  .put("pipeline", pipeline)
                  .put("date", day.toString())
                  .put("backfill", true));
      out.printf(
          Locale.ROOT,
          "  %s: %d rows written (the stream had %d); %d late events included; %.1f s%n",
          day,
          run.path("rowsWritten").asLong(),
          run.path("rowsBefore").asLong(),
          run.path("lateEvents").asLong(),
          Duration.ofNanos(System.nanoTime() - started).toMillis() / 1000.0);
      out.flush();
    }
    return 0;
  }
}
