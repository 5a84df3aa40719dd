package io.tributary.infra.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.infra.local.RuntimeInfo;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code tributary history}: what was deployed, by whom, when, from which commit. */
@Command(
    name = "history",
    mixinStandardHelpOptions = true,
    description = "List the deployments: who, when, which commit, what each did, oldest first.")
final class HistoryCommand implements Callable<Integer> {
  @Spec CommandSpec command;
  @Mixin CliOptions.DataDir dataDir;

  @Override
  public Integer call() {
    RuntimeInfo runtime = RuntimeInfo.running(dataDir.dataDir);
    JsonNode deployments = ApiClient.of(runtime.api()).get("/api/v1/deployments");
    PrintWriter out = command.commandLine().getOut();
    if (deployments.isEmpty()) {
      out.println("no deployments yet; `bin/tributary deploy DIR` makes one");
    }
    for (JsonNode deployment : deployments) {
      out.printf(
          Locale.ROOT,
          "#%d  %s  %s  %s  %s  (%s)%n",
          deployment.path("id").asLong(),
          deployment.path("at").asText(),
          deployment.path("user").asText(),
          deployment.path("commit").isTextual() ? deployment.path("commit").asText() : "no commit",
          deployment.path("status").asText(),
          deployment.path("directory").asText());
      DeployCommand.printOutcomes(deployment, "      ", out);
    }
    out.flush();
    return 0;
  }
}
