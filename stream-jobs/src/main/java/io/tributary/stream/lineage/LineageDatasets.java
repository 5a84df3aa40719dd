package io.tributary.stream.lineage;

import static java.util.Objects.requireNonNull;

import io.tributary.catalog.LakeCatalog;
import io.tributary.catalog.lineage.ColumnOrigin;
import io.tributary.catalog.lineage.LineageDataset;
import io.tributary.catalog.lineage.LineageJob;
import io.tributary.catalog.lineage.QueryLineage;
import io.tributary.stream.kafka.KafkaConnection;
import io.tributary.stream.source.SourceSpec;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.apache.iceberg.catalog.TableIdentifier;

/**
 * Names the datasets of this platform as OpenLineage does: a source ({@code src.<name>}) and a
 * dead-letter topic are Kafka topics ({@code kafka://host:port}, topic); a lake table is stored at
 * its Iceberg location (namespace the location's scheme and authority, name its path).
 */
public final class LineageDatasets {
  private static final String SOURCE_DATABASE = "src.";

  private final String kafkaNamespace;
  private final Map<String, SourceSpec> sources = new LinkedHashMap<>();
  private final String lakeCatalog;
  private final Function<String, Optional<String>> lakeLocation;

  /**
   * @param lakeCatalog the name of the lake catalog in SQL ({@code lake})
   * @param lakeLocation the location of a lake table, by its identifier ({@code bronze.orders}), if
   *     it exists
   */
  public LineageDatasets(
      KafkaConnection kafka,
      List<SourceSpec> sources,
      String lakeCatalog,
      Function<String, Optional<String>> lakeLocation) {
    this.kafkaNamespace = kafka.lineageNamespace();
    sources.forEach(s -> this.sources.put(s.name(), s));
    this.lakeCatalog = requireNonNull(lakeCatalog, "lakeCatalog is null");
    this.lakeLocation = requireNonNull(lakeLocation, "lakeLocation is null");
  }

  /**
   * How lineage names the datasets of a platform on {@code kafka} and {@code lake}: lake tables by
   * the location the catalog gives them (a table that does not exist yet by its name).
   */
  public static LineageDatasets of(
      KafkaConnection kafka, List<SourceSpec> sources, LakeCatalog lake) {
    return new LineageDatasets(
        kafka,
        sources,
        lake.config().name(),
        identifier -> {
          TableIdentifier id = TableIdentifier.parse(identifier);
          return lake.iceberg().tableExists(id)
              ? Optional.of(lake.loadTable(id).location())
              : Optional.empty();
        });
  }

  /** A table as Flink SQL names it: {@code src.<source>} or {@code <lake>.<namespace>.<table>}. */
  public LineageDataset table(String table) {
    if (table.startsWith(SOURCE_DATABASE) && sources.containsKey(sourceName(table))) {
      return new LineageDataset(
          table, kafkaNamespace, sources.get(sourceName(table)).topic(), "TABLE");
    }
    if (table.startsWith(lakeCatalog + ".")) {
      String identifier = table.substring(lakeCatalog.length() + 1);
      Optional<URI> location = lakeLocation.apply(identifier).map(URI::create);
      if (location.isPresent() && location.get().getScheme() != null) {
        URI uri = location.get();
        String namespace =
            uri.getAuthority() == null
                ? uri.getScheme()
                : uri.getScheme() + "://" + uri.getAuthority();
        return new LineageDataset(table, namespace, uri.getPath(), "TABLE");
      }
      return new LineageDataset(table, "iceberg", identifier, "TABLE");
    }
    return new LineageDataset(table, "flink", table, "TABLE");
  }

  /** The source's topic, as pipelines read it: {@code src.<name>}. */
  public LineageDataset source(SourceSpec source) {
    return table(SOURCE_DATABASE + source.name());
  }

  /** A Kafka topic by its name. */
  public LineageDataset topic(String topic) {
    return new LineageDataset(topic, kafkaNamespace, topic, "TOPIC");
  }

  /** The output of a query, with its columns' origins resolved to datasets' names. */
  public LineageJob.Output output(String table, QueryLineage query) {
    return new LineageJob.Output(table(table), query.columns());
  }

  /** Output columns copied one to one from {@code from}, for jobs that are not SQL queries. */
  public static Map<String, Set<ColumnOrigin>> identity(String from, List<String> columns) {
    Map<String, Set<ColumnOrigin>> result = new LinkedHashMap<>();
    for (String column : columns) {
      result.put(column, Set.of(new ColumnOrigin(from, column, ColumnOrigin.Kind.IDENTITY)));
    }
    return result;
  }

  private static String sourceName(String table) {
    return table.substring(SOURCE_DATABASE.length());
  }
}
