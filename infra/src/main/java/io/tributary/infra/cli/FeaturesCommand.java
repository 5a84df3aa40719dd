package io.tributary.infra.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.feature.aggregate.TopValue;
import io.tributary.feature.dynamodb.FeatureRead;
import io.tributary.feature.dynamodb.OnlineStore;
import io.tributary.feature.dynamodb.OnlineStoreConfig;
import io.tributary.infra.local.RuntimeInfo;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code tributary features}: the feature groups, one entity's values, a group's backfill. */
@Command(
    name = "features",
    mixinStandardHelpOptions = true,
    subcommands = {
      FeaturesCommand.Get.class,
      FeaturesCommand.Backfill.class,
      FeatureSyncCommand.class,
      FeatureVerifyCommand.class,
      TrainingSetCommand.class
    },
    description =
        "List the feature groups: generation, job state, entities, last write, newest event, lag"
            + " and events later than the lateness; and the table groups with the snapshot they"
            + " serve. `features get GROUP ENTITY` reads one entity's values; `features backfill"
            + " --group G` recomputes a group from the log; `features verify --group G` checks the"
            + " store against the log; `features training-set` writes a point-in-time training"
            + " set; `features sync --group G` syncs a table group now.")
final class FeaturesCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Spec CommandSpec command;
  @Mixin CliOptions.DataDir dataDir;

  @Option(names = "--format", defaultValue = "table", description = "table or json.")
  String format;

  @Override
  public Integer call() {
    checkFormat(format);
    RuntimeInfo runtime = RuntimeInfo.running(dataDir.dataDir);
    ApiClient api = ApiClient.of(runtime.api());
    JsonNode groups = api.get("/api/v1/features");
    JsonNode tables = api.get("/api/v1/features/tables");
    PrintWriter out = command.commandLine().getOut();
    if (format.equals("json")) {
      ObjectNode all = JSON.createObjectNode();
      all.set("groups", groups);
      all.set("tables", tables);
      out.println(all.toPrettyString());
      out.flush();
      return 0;
    }
    if (groups.isEmpty() && tables.isEmpty()) {
      out.println("no feature groups (declare them in ./features, or start with --features DIR)");
      out.flush();
      return 0;
    }
    if (!groups.isEmpty()) {
      streamGroups(out, groups);
    }
    if (!tables.isEmpty()) {
      tableGroups(out, tables);
    }
    out.flush();
    return 0;
  }

  private static void tableGroups(PrintWriter out, JsonNode tables) {
    String row = "%-22s %-28s %-9s %-22s %-20s %s%n";
    out.printf(Locale.ROOT, row, "TABLE GROUP", "TABLE", "GEN", "SYNC", "SNAPSHOT", "SYNCED");
    for (JsonNode table : tables) {
      out.printf(
          Locale.ROOT,
          row,
          table.path("group").asText(),
          table.path("table").asText(),
          table.path("generation").asText(),
          table.path("sync").asText(),
          table.hasNonNull("snapshot") ? table.path("snapshot").asText() : "not synced",
          table.hasNonNull("syncedAt") ? table.path("syncedAt").asText() : "-");
      JsonNode last = table.path("lastRun");
      if (last.path("status").asText().equals("FAILED")) {
        out.println("    last sync failed: " + last.path("error").asText());
      }
    }
  }

  private static void streamGroups(PrintWriter out, JsonNode groups) {
    String row = "%-22s %-10s %-9s %-9s %-9s %-10s %-6s %-20s %s%n";
    out.printf(
        Locale.ROOT,
        row,
        "GROUP",
        "SOURCE",
        "GEN",
        "STATE",
        "ENTITIES",
        "EVENTS",
        "LATE",
        "LAST WRITE",
        "LAG");
    for (JsonNode group : groups) {
      out.printf(
          Locale.ROOT,
          row,
          group.path("group").asText(),
          group.path("source").asText(),
          group.path("generation").asText() + (group.hasNonNull("building") ? "*" : ""),
          group.path("state").asText(),
          group.path("entities").asText(),
          group.path("events").asText(),
          group.path("late").asText(),
          group.hasNonNull("lastWrite") ? group.path("lastWrite").asText() : "-",
          group.path("lag").asText());
      if (group.hasNonNull("building")) {
        out.println(
            "    * building generation "
                + group.path("building").asText()
                + " from the log; reads switch to it once it has caught up");
      }
    }
  }

  static void checkFormat(String format) {
    if (!format.equals("table") && !format.equals("json")) {
      throw new CliException("'" + format + "' is not a format; use table or json");
    }
  }

  /** The online store of the running platform. */
  static OnlineStoreConfig store(RuntimeInfo runtime) {
    URI endpoint = runtime.dynamodb();
    if (endpoint == null) {
      throw new CliException("The running platform has no online store; start it again");
    }
    return "aws".equals(endpoint.getScheme())
        ? new OnlineStoreConfig(
            Optional.empty(), OnlineStoreConfig.DEFAULT_TABLE, endpoint.getHost())
        : OnlineStoreConfig.local(endpoint);
  }

  /** {@code tributary features get GROUP ENTITY}: one entity's values, now or at a time. */
  @Command(
      name = "get",
      mixinStandardHelpOptions = true,
      description =
          "Read an entity's features from the online store: each value, its status (PRESENT,"
              + " NOT_FOUND, STALE), the newest event it reflects and the log position (offset per"
              + " partition) it was computed up to. A composite entity key joins its columns"
              + " with |.")
  static final class Get implements Callable<Integer> {
    @Spec CommandSpec command;
    @Mixin CliOptions.DataDir dataDir;

    @Parameters(index = "0", description = "The feature group.")
    String group;

    @Parameters(index = "1", description = "The entity key, such as r-17.")
    String entity;

    @Option(names = "--feature", description = "Only this feature; repeatable (default: all).")
    List<String> features = new ArrayList<>();

    @Option(
        names = "--at",
        description = "The read time, ISO-8601 such as 2026-11-20T14:00:00Z (default: now).")
    String at;

    @Option(names = "--format", defaultValue = "table", description = "table or json.")
    String format;

    @Override
    public Integer call() {
      checkFormat(format);
      Instant time = at == null ? Instant.now() : parse(at);
      RuntimeInfo runtime = RuntimeInfo.running(dataDir.dataDir);
      List<FeatureRead> reads;
      try (OnlineStore store = OnlineStore.connect(store(runtime))) {
        reads = store.read(group, List.of(entity), features, time);
      }
      PrintWriter out = command.commandLine().getOut();
      if (format.equals("json")) {
        ArrayNode array = JSON.createArrayNode();
        reads.forEach(read -> array.add(json(read)));
        ObjectNode result = JSON.createObjectNode();
        result.put("group", group);
        result.put("entity", entity);
        result.put("at", time.toString());
        result.set("features", array);
        out.println(result.toPrettyString());
      } else {
        out.println(group + " " + entity + " at " + time);
        String row = "%-18s %-10s %-28s %-24s %s%n";
        out.printf(Locale.ROOT, row, "FEATURE", "STATUS", "VALUE", "NEWEST EVENT", "POSITION");
        for (FeatureRead read : reads) {
          out.printf(
              Locale.ROOT,
              row,
              read.feature(),
              read.status(),
              text(read.value()),
              read.newestEventTime().map(Instant::toString).orElse("-"),
              position(read.position()));
        }
      }
      out.flush();
      return 0;
    }

    private static Instant parse(String text) {
      try {
        return Instant.parse(text);
      } catch (DateTimeParseException e) {
        throw new CliException(
            "--at " + text + " is not an ISO-8601 instant such as 2026-11-20T14:00:00Z");
      }
    }
  }

  /** {@code tributary features backfill --group G}: recompute a group from the log. */
  @Command(
      name = "backfill",
      mixinStandardHelpOptions = true,
      description =
          "Recompute a feature group from the log with the same aggregation, late events"
              + " included, up to the log's end now. Runs beside the streaming job and never"
              + " overwrites a value it wrote from more of the log.")
  static final class Backfill implements Callable<Integer> {
    @Spec CommandSpec command;
    @Mixin CliOptions.DataDir dataDir;

    @Option(names = "--group", required = true, description = "The feature group.")
    String group;

    @Override
    public Integer call() {
      RuntimeInfo runtime = RuntimeInfo.running(dataDir.dataDir);
      JsonNode result =
          ApiClient.of(runtime.api())
              .post("/api/v1/features/" + group + "/backfill", JSON.createObjectNode());
      PrintWriter out = command.commandLine().getOut();
      out.println(
          "backfill of "
              + group
              + " started: job "
              + result.path("job").asText()
              + " ("
              + result.path("id").asText()
              + "); `tributary jobs` shows it until it finishes");
      out.flush();
      return 0;
    }
  }

  static JsonNode json(FeatureRead read) {
    ObjectNode node = JSON.createObjectNode();
    node.put("feature", read.feature());
    node.put("status", read.status().name());
    node.set("value", value(read.value()));
    read.newestEventTime().ifPresent(t -> node.put("newestEventTime", t.toString()));
    ObjectNode position = node.putObject("position");
    read.position().forEach((partition, offset) -> position.put(partition.toString(), offset));
    node.put("version", read.version());
    return node;
  }

  private static JsonNode value(Object value) {
    if (value == null) {
      return JSON.nullNode();
    }
    if (value instanceof BigDecimal decimal) {
      return JSON.getNodeFactory().numberNode(decimal);
    }
    if (value instanceof Long number) {
      return JSON.getNodeFactory().numberNode(number);
    }
    if (value instanceof List<?> list) {
      ArrayNode array = JSON.createArrayNode();
      for (Object item : list) {
        if (item instanceof TopValue top) {
          array.addObject().put("value", top.value()).put("count", top.count());
        }
      }
      return array;
    }
    return JSON.getNodeFactory().textNode(value.toString());
  }

  private static String text(Object value) {
    if (value == null) {
      return "-";
    }
    if (value instanceof BigDecimal decimal) {
      return decimal.toPlainString();
    }
    if (value instanceof List<?> list) {
      List<String> parts = new ArrayList<>();
      for (Object item : list) {
        if (item instanceof TopValue top) {
          parts.add(top.value() + " (" + top.count() + ")");
        }
      }
      return String.join(", ", parts);
    }
    return value.toString();
  }

  private static String position(Map<Integer, Long> position) {
    if (position.isEmpty()) {
      return "-";
    }
    List<String> parts = new ArrayList<>();
    position.forEach((partition, offset) -> parts.add(partition + ":" + offset));
    return String.join(" ", parts);
  }
}
