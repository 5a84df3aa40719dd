package io.tributary.infra.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.infra.local.RuntimeInfo;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tributary features verify --group G}: online = offline, checked. */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    description =
        "Recompute sampled entities of a feature group from the log, each at the log position its"
            + " stored values reflect, with the group's own job and aggregation, and compare them"
            + " with the online store: the version (events read) and every feature, exact"
            + " aggregations exactly, count_distinct within its sketch's bound. Prints the matches"
            + " and each mismatch with both values; exits 1 on any mismatch.")
final class FeatureVerifyCommand implements Callable<Integer> {
  @Spec CommandSpec command;
  @Mixin CliOptions.DataDir dataDir;

  @Option(names = "--group", required = true, description = "The feature group.")
  String group;

  @Option(
      names = "--sample",
      defaultValue = "100",
      paramLabel = "N",
      description = "How many entities to compare, 1 to 10,000 (default: ${DEFAULT-VALUE}).")
  int sample;

  @Override
  public Integer call() {
    RuntimeInfo runtime = RuntimeInfo.running(dataDir.dataDir);
    ObjectNode body = new ObjectMapper().createObjectNode().put("sample", sample);
    JsonNode report =
        ApiClient.of(runtime.api()).post("/api/v1/features/" + group + "/verify", body);
    PrintWriter out = command.commandLine().getOut();
    JsonNode mismatches = report.path("mismatches");
    List<String> entities = new ArrayList<>();
    for (JsonNode mismatch : mismatches) {
      String entity = mismatch.path("entity").asText();
      if (!entities.contains(entity)) {
        entities.add(entity);
      }
      out.printf(
          Locale.ROOT,
          "MISMATCH %s %s: store %s, log %s (at %s, position %s)%n",
          entity,
          mismatch.path("feature").asText(),
          mismatch.path("stored").asText(),
          mismatch.path("recomputed").asText(),
          mismatch.path("at").asText(),
          position(mismatch.path("position")));
    }
    out.printf(
        Locale.ROOT,
        "%s generation %s: %d of %d entities match the log at their positions%s%n",
        report.path("group").asText(),
        report.path("generation").asText(),
        report.path("matched").asInt(),
        report.path("entities").asInt(),
        entities.isEmpty()
            ? ""
            : "; " + entities.size() + " differ: " + String.join(", ", entities));
    out.flush();
    return mismatches.isEmpty() ? 0 : 1;
  }

  private static String position(JsonNode position) {
    List<String> parts = new ArrayList<>();
    position.fields().forEachRemaining(e -> parts.add(e.getKey() + ":" + e.getValue().asText()));
    return parts.isEmpty() ? "-" : String.join(" ", parts);
  }
}
