package io.tributary.infra.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.catalog.LakeCatalog;
import io.tributary.catalog.metadata.MaintenanceRecord;
import io.tributary.catalog.metadata.SensitivityTag;
import io.tributary.catalog.metadata.TableDescription;
import io.tributary.infra.local.RuntimeInfo;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code tributary describe}: one table of the data map, in full. */
@Command(
    name = "describe",
    mixinStandardHelpOptions = true,
    description =
        "Describe a lake table: owner, description, domain, columns with their descriptions and"
            + " sensitivity tags, partitioning, snapshots, rows, last commit, data and delete"
            + " files, the last maintenance run and properties.")
final class DescribeCommand implements Callable<Integer> {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  @Spec CommandSpec command;
  @Mixin CliOptions.DataDir dataDir;

  @Parameters(index = "0", paramLabel = "TABLE", description = "lake.<namespace>.<table>")
  String table;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      defaultValue = "table",
      description = "table or json (default: ${DEFAULT-VALUE}).")
  String format;

  @Override
  public Integer call() throws Exception {
    if (!format.equals("table") && !format.equals("json")) {
      throw new CliException("'" + format + "' is not a format; use table or json");
    }
    RuntimeInfo runtime = RuntimeInfo.running(dataDir.dataDir);
    TableDescription description;
    try (LakeCatalog lake = LakeCatalog.open(runtime.catalog())) {
      String prefix = runtime.catalogName() + ".";
      String name = table.startsWith(prefix) ? table : prefix + table;
      description = TableDescription.of(name, lake.findTable(table));
    }
    PrintWriter out = command.commandLine().getOut();
    if (format.equals("json")) {
      out.println(JSON.writeValueAsString(json(description)));
    } else {
      print(description, out);
    }
    out.flush();
    return 0;
  }

  private static void print(TableDescription table, PrintWriter out) {
    out.println(table.name());
    out.printf(
        Locale.ROOT, "  %-12s %s%n", "description", table.metadata().description().orElse("-"));
    out.printf(Locale.ROOT, "  %-12s %s%n", "owner", table.metadata().owner().orElse("-"));
    out.printf(Locale.ROOT, "  %-12s %s%n", "domain", table.metadata().domain().orElse("-"));
    out.printf(
        Locale.ROOT,
        "  %-12s %s%n",
        "partitioned",
        table.partitioning().isEmpty() ? "no" : "by " + String.join(", ", table.partitioning()));
    out.printf(
        Locale.ROOT,
        "  %-12s %,d rows, %d snapshots, last commit %s%n",
        "data",
        table.rows(),
        table.snapshots(),
        table.lastCommit().map(Object::toString).orElse("none yet"));
    out.printf(Locale.ROOT, "  %-12s %s%n", "files", files(table));
    out.printf(Locale.ROOT, "  %-12s %s%n", "maintained", maintenance(table));
    out.println("columns");
    for (TableDescription.Column column : table.columns()) {
      out.printf(
          Locale.ROOT,
          "  %-20s %-22s %-9s %-18s %s%n",
          column.name(),
          column.type(),
          column.required() ? "required" : "",
          tags(column),
          column.description().orElse(""));
    }
    out.println("properties");
    table.properties().forEach((k, v) -> out.printf(Locale.ROOT, "  %s = %s%n", k, v));
  }

  private static ObjectNode json(TableDescription table) {
    ObjectNode node = JSON.createObjectNode();
    node.put("table", table.name());
    node.put("description", table.metadata().description().orElse(null));
    node.put("owner", table.metadata().owner().orElse(null));
    node.put("domain", table.metadata().domain().orElse(null));
    ArrayNode partitioning = node.putArray("partitioning");
    table.partitioning().forEach(partitioning::add);
    node.put("snapshots", table.snapshots());
    node.put("rows", table.rows());
    node.put("lastCommit", table.lastCommit().map(Object::toString).orElse(null));
    TableDescription.FileStats files = table.files().orElse(null);
    node.put("dataFiles", files == null ? null : files.dataFiles());
    node.put("averageFileBytes", files == null ? null : files.averageFileBytes());
    node.put("totalFileBytes", files == null ? null : files.totalBytes());
    node.put("deleteFiles", files == null ? null : files.deleteFiles());
    node.put("positionDeletes", files == null ? null : files.positionDeletes());
    node.put("equalityDeletes", files == null ? null : files.equalityDeletes());
    node.set("lastMaintenance", table.lastMaintenance().map(DescribeCommand::json).orElse(null));
    ArrayNode columns = node.putArray("columns");
    for (TableDescription.Column column : table.columns()) {
      ObjectNode c = columns.addObject();
      c.put("name", column.name());
      c.put("type", column.type());
      c.put("required", column.required());
      c.put("description", column.description().orElse(null));
      ArrayNode tags = c.putArray("tags");
      column.tags().stream().map(SensitivityTag::tagName).sorted().forEach(tags::add);
    }
    ObjectNode properties = node.putObject("properties");
    table.properties().forEach(properties::put);
    return node;
  }

  private static ObjectNode json(MaintenanceRecord run) {
    ObjectNode node = JSON.createObjectNode();
    node.put("finishedAt", run.finishedAt().toString());
    node.put("job", run.job());
    node.put("succeeded", run.succeeded());
    node.put("rewrittenDataFiles", run.rewrittenDataFiles());
    node.put("addedDataFiles", run.addedDataFiles());
    node.put("rewrittenDeleteFiles", run.rewrittenDeleteFiles());
    node.put("expiredSnapshots", run.expiredSnapshots());
    node.put("removedOrphanFiles", run.removedOrphanFiles());
    node.put("error", run.error().orElse(null));
    return node;
  }

  /** {@code 20 data files, 2 delete files (3 position deletes, 1 equality deletes); 6.1 KiB...}. */
  private static String files(TableDescription table) {
    return table
        .files()
        .map(
            f ->
                String.format(
                    Locale.ROOT,
                    "%,d data files, %,d delete files (%,d position deletes, %,d equality"
                        + " deletes); %s a file on average",
                    f.dataFiles(),
                    f.deleteFiles(),
                    f.positionDeletes(),
                    f.equalityDeletes(),
                    TablesCommand.bytes(f.averageFileBytes())))
        .orElse("- (the current snapshot's summary keeps no totals)");
  }

  /** {@code 2026-12-02T03:00:00Z by maintenance-orders, succeeded: 120 data files -> 3, ...}. */
  private static String maintenance(TableDescription table) {
    return table
        .lastMaintenance()
        .map(
            r ->
                String.format(
                    Locale.ROOT,
                    "%s by %s, %s: %,d data files rewritten into %,d, %,d delete files folded, %,d"
                        + " snapshots expired, %,d orphan files removed%s",
                    r.finishedAt(),
                    r.job(),
                    r.succeeded() ? "succeeded" : "FAILED",
                    r.rewrittenDataFiles(),
                    r.addedDataFiles(),
                    r.rewrittenDeleteFiles(),
                    r.expiredSnapshots(),
                    r.removedOrphanFiles(),
                    r.error().map(e -> "; " + e).orElse("")))
        .orElse("never");
  }

  private static String tags(TableDescription.Column column) {
    return column.tags().stream()
        .map(SensitivityTag::tagName)
        .sorted()
        .collect(Collectors.joining(","));
  }
}
