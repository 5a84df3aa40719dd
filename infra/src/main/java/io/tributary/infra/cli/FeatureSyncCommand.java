package io.tributary.infra.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.infra.local.RuntimeInfo;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tributary features sync --group G}: syncs a table group from its lake table now. */
@Command(
    name = "sync",
    mixinStandardHelpOptions = true,
    description =
        "Sync a table group from its lake table now: only the files changed since the snapshot"
            + " it serves are read, each entity written whole at the snapshot's version, and"
            + " entities that left the table removed. Waits, then prints the run.")
final class FeatureSyncCommand implements Callable<Integer> {
  @Spec CommandSpec command;
  @Mixin CliOptions.DataDir dataDir;

  @Option(names = "--group", required = true, description = "The table group.")
  String group;

  @Override
  public Integer call() {
    RuntimeInfo runtime = RuntimeInfo.running(dataDir.dataDir);
    JsonNode run =
        ApiClient.of(runtime.api())
            .post("/api/v1/features/" + group + "/sync", new ObjectMapper().createObjectNode());
    PrintWriter out = command.commandLine().getOut();
    out.println(line(run));
    out.flush();
    return 0;
  }

  /** One sync run in one line, as {@code runs} lists it too. */
  static String line(JsonNode run) {
    String snapshots =
        (run.hasNonNull("fromSnapshot") ? run.path("fromSnapshot").asText() : "none")
            + " -> "
            + (run.hasNonNull("toSnapshot") ? run.path("toSnapshot").asText() : "none");
    return String.format(
        Locale.ROOT,
        "sync #%d  %-16s %-8s %-9s %s",
        run.path("id").asLong(),
        run.path("group").asText(),
        run.path("trigger").asText(),
        run.path("status").asText(),
        run.path("status").asText().equals("SUCCEEDED")
            ? String.format(
                Locale.ROOT,
                "%s, snapshot %s: %d rows read, %d entities, %d written, %d kept, %d removed",
                run.path("mode").asText(),
                snapshots,
                run.path("rowsRead").asLong(),
                run.path("entities").asLong(),
                run.path("written").asLong(),
                run.path("kept").asLong(),
                run.path("removed").asLong())
            : run.path("error").asText());
  }
}
