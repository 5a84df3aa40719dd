package io.tributary.infra.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;

/** The feature groups' part of {@code tributary deploy --features DIR}: plan, then apply. */
final class FeatureDeploy {
  private static final ObjectMapper JSON = new ObjectMapper();

  private FeatureDeploy() {}

  static void run(ApiClient api, Path directory, boolean planOnly, PrintWriter out) {
    JsonNode request = JSON.createObjectNode().put("directory", directory.toString());
    JsonNode plan = api.post("/api/v1/features/plan", request);
    out.println("feature groups of " + directory + ":");
    print(plan, out);
    if (planOnly) {
      return;
    }
    boolean rebuilds = false;
    for (JsonNode change : plan) {
      rebuilds |= change.path("action").asText().equals("CHANGED");
    }
    if (rebuilds) {
      out.println(
          "  building changed groups from the log; their old generations answer until then...");
      out.flush();
    }
    JsonNode applied = api.post("/api/v1/features/deploy", request);
    for (JsonNode change : applied) {
      out.printf(
          Locale.ROOT,
          "  %-22s %-9s generation %s%n",
          change.path("group").asText(),
          change.path("action").asText(),
          change.path("generation").asText());
    }
  }

  static void print(JsonNode plan, PrintWriter out) {
    for (JsonNode change : plan) {
      String action = change.path("action").asText();
      String mark =
          switch (action) {
            case "NEW" -> "+";
            case "CHANGED" -> "~";
            case "REMOVED" -> "-";
            default -> "=";
          };
      out.printf(
          Locale.ROOT,
          "  %s %-22s %-9s %s%n",
          mark,
          change.path("group").asText(),
          action,
          change.path("previous").isTextual()
                  && !change.path("previous").asText().equals(change.path("generation").asText())
              ? change.path("previous").asText() + " -> " + change.path("generation").asText()
              : change.path("generation").asText());
      for (JsonNode line : change.path("diff")) {
        out.println("      " + line.asText());
      }
    }
    if (plan.isEmpty()) {
      out.println("  (no feature groups)");
    }
  }
}
