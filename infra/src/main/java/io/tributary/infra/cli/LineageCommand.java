package io.tributary.infra.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.catalog.LakeCatalogConfig;
import io.tributary.catalog.lineage.Lineage;
import io.tributary.catalog.lineage.LineageGraph;
import io.tributary.infra.local.DataDir;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code tributary lineage}: what feeds a table and what it feeds, from the OpenLineage events the
 * platform's jobs recorded under the data dir. Needs no running platform.
 */
@Command(
    name = "lineage",
    mixinStandardHelpOptions = true,
    description =
        "Show a table's lineage: upstream and downstream tables (through which jobs) and where"
            + " each of its columns comes from, from the OpenLineage events recorded under the"
            + " data dir. Tables are named as in SQL: src.orders, lake.bronze.orders.")
final class LineageCommand implements Callable<Integer> {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  @Spec CommandSpec command;
  @Mixin CliOptions.DataDir dataDir;

  @Parameters(
      index = "0",
      paramLabel = "TABLE",
      description = "src.<source>, lake.<namespace>.<table> (or <namespace>.<table>), or a topic")
  String table;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      defaultValue = "tree",
      description =
          "tree or json (json has upstream and downstream arrays) (default: ${DEFAULT-VALUE}).")
  String format;

  @Override
  public Integer call() throws Exception {
    if (!format.equals("tree") && !format.equals("json")) {
      throw new CliException("'" + format + "' is not a format; use tree or json");
    }
    Path store = new DataDir(dataDir.dataDir).lineage().resolve(Lineage.STORE_FILE);
    LineageGraph graph = LineageGraph.read(store);
    LineageGraph.TableLineage lineage =
        graph
            .of(table)
            .or(() -> graph.of(LakeCatalogConfig.DEFAULT_NAME + "." + table))
            .orElseThrow(() -> unknown(graph, store));
    PrintWriter out = command.commandLine().getOut();
    if (format.equals("json")) {
      out.println(JSON.writeValueAsString(json(lineage)));
    } else {
      print(lineage, out);
    }
    out.flush();
    return 0;
  }

  private CliException unknown(LineageGraph graph, Path store) {
    if (graph.tables().isEmpty()) {
      return new CliException(
          "No lineage recorded in "
              + store
              + " yet: jobs record it when they start (run `bin/tributary up` with this data dir)");
    }
    return new CliException(
        "No lineage for table '"
            + table
            + "'; tables with lineage: "
            + String.join(", ", graph.tables()));
  }

  private static void print(LineageGraph.TableLineage lineage, PrintWriter out) {
    out.println(lineage.table());
    out.println("upstream");
    printNodes(lineage.upstream(), "", out);
    out.println("downstream");
    printNodes(lineage.downstream(), "", out);
    out.println("columns");
    if (lineage.columns().isEmpty()) {
      out.println("  (none recorded)");
    }
    int width = lineage.columns().keySet().stream().mapToInt(String::length).max().orElse(0);
    lineage
        .columns()
        .forEach(
            (column, origins) ->
                out.printf(
                    Locale.ROOT,
                    "  %-" + width + "s <- %s%n",
                    column,
                    origins.isEmpty()
                        ? "(no column: a constant or a count)"
                        : origins.stream()
                            .map(
                                o ->
                                    o.table()
                                        + "."
                                        + o.column()
                                        + " ("
                                        + o.transformation().toLowerCase(Locale.ROOT)
                                        + ")")
                            .collect(Collectors.joining(", "))));
  }

  private static void printNodes(List<LineageGraph.Node> nodes, String indent, PrintWriter out) {
    if (nodes.isEmpty() && indent.isEmpty()) {
      out.println("└── (none)");
    }
    for (int i = 0; i < nodes.size(); i++) {
      LineageGraph.Node node = nodes.get(i);
      boolean last = i == nodes.size() - 1;
      out.println(
          indent
              + (last ? "└── " : "├── ")
              + node.table()
              + "  ("
              + String.join(", ", node.jobs())
              + ")");
      printNodes(node.next(), indent + (last ? "    " : "│   "), out);
    }
  }

  private static ObjectNode json(LineageGraph.TableLineage lineage) {
    ObjectNode root = JSON.createObjectNode();
    root.put("table", lineage.table());
    root.set("upstream", nodes(lineage.upstream(), "upstream"));
    root.set("downstream", nodes(lineage.downstream(), "downstream"));
    ObjectNode columns = root.putObject("columns");
    lineage
        .columns()
        .forEach(
            (column, origins) -> {
              ArrayNode from = columns.putArray(column);
              origins.forEach(
                  o ->
                      from.addObject()
                          .put("table", o.table())
                          .put("column", o.column())
                          .put("transformation", o.transformation()));
            });
    return root;
  }

  private static ArrayNode nodes(List<LineageGraph.Node> nodes, String direction) {
    ArrayNode array = JSON.createArrayNode();
    for (LineageGraph.Node node : nodes) {
      ObjectNode item = array.addObject();
      item.put("table", node.table());
      ArrayNode jobs = item.putArray("jobs");
      node.jobs().forEach(jobs::add);
      item.set(direction, nodes(node.next(), direction));
    }
    return array;
  }
}
