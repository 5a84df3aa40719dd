package io.tributary.gateway;

import static java.util.Objects.requireNonNull;

import io.tributary.catalog.LakeCatalogConfig;
import io.tributary.stream.kafka.KafkaConnection;
import io.tributary.stream.source.SourceSpec;
import io.tributary.stream.source.table.SourceTables;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What every gateway session holds before its first statement: the {@code lake} catalog and the
 * {@code src} database with one table per declared source, the same tables {@code tributary sql}
 * has always seen. Kept as the SQL that creates them, run by the gateway itself when a session
 * opens, so that a session built through Flink's REST API, its SQL client or its JDBC driver needs
 * no setup statement of its own.
 */
public record SessionSetup(List<String> statements) {
  public SessionSetup {
    statements = List.copyOf(requireNonNull(statements, "statements is null"));
  }

  /** The lake catalog of {@code lake} and the sources read from {@code kafka}. */
  public static SessionSetup of(
      LakeCatalogConfig lake, KafkaConnection kafka, List<SourceSpec> sources) {
    requireNonNull(lake, "lake is null");
    requireNonNull(kafka, "kafka is null");
    requireNonNull(sources, "sources is null");
    List<String> statements = new ArrayList<>();
    statements.add(createCatalog(lake));
    statements.addAll(new SourceTables(kafka).upToLatestStatements(sources));
    return new SessionSetup(statements);
  }

  private static String createCatalog(LakeCatalogConfig lake) {
    List<String> options = new ArrayList<>();
    // sorted, so that the statement (and the log line showing it) is the same every time
    for (Map.Entry<String, String> option : new TreeMap<>(lake.flinkCatalogOptions()).entrySet()) {
      options.add("'" + escape(option.getKey()) + "' = '" + escape(option.getValue()) + "'");
    }
    return "CREATE CATALOG `"
        + lake.name().replace("`", "``")
        + "` WITH ("
        + String.join(", ", options)
        + ")";
  }

  private static String escape(String text) {
    return text.replace("'", "''");
  }
}
