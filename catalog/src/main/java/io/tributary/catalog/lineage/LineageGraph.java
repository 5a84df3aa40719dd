package io.tributary.catalog.lineage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The table graph the recorded OpenLineage events describe: which job reads which tables into
 * which. Each job counts with the datasets of its newest event, so a pipeline whose SQL changed no
 * longer shows the tables it used to read. Tables are named as users know them (the events'
 * symlinks).
 */
public final class LineageGraph {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The datasets of one job, from its newest event. */
  private record JobDatasets(
      List<String> inputs, List<String> outputs, Map<String, Map<String, List<Column>>> columns) {}

  /** A column of a table, and how it is used, from an event's column lineage. */
  public record Column(String table, String column, String transformation) {}

  /**
   * A table next to another: its name, the jobs that connect them, and the tables further on.
   *
   * @param next the tables beyond this one, in the same direction
   */
  public record Node(String table, Set<String> jobs, List<Node> next) {}

  /** What feeds a table, what it feeds, and where each of its columns comes from. */
  public record TableLineage(
      String table,
      List<Node> upstream,
      List<Node> downstream,
      Map<String, List<Column>> columns) {}

  private final Map<String, JobDatasets> jobs;

  private LineageGraph(Map<String, JobDatasets> jobs) {
    this.jobs = jobs;
  }

  /** The graph of the events in {@code store}; empty when there is no store yet. */
  public static LineageGraph read(Path store) {
    Map<String, JobDatasets> jobs = new LinkedHashMap<>();
    try (BufferedReader lines = Files.newBufferedReader(store, StandardCharsets.UTF_8)) {
      String line;
      int number = 0;
      while ((line = lines.readLine()) != null) {
        number++;
        if (line.isBlank()) {
          continue;
        }
        JsonNode event;
        try {
          event = JSON.readTree(line);
        } catch (JsonProcessingException e) {
          throw new IllegalStateException(
              store + ":" + number + ": not an OpenLineage event: " + e.getOriginalMessage(), e);
        }
        JobDatasets datasets = datasetsOf(event);
        if (!datasets.inputs().isEmpty() || !datasets.outputs().isEmpty()) {
          String job = event.path("job").path("name").asText();
          jobs.remove(job); // newest last
          jobs.put(job, datasets);
        }
      }
    } catch (NoSuchFileException e) {
      return new LineageGraph(Map.of());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read lineage events from " + store, e);
    }
    return new LineageGraph(jobs);
  }

  /** Every table some job reads or writes, sorted. */
  public Set<String> tables() {
    Set<String> tables = new TreeSet<>();
    for (JobDatasets job : jobs.values()) {
      tables.addAll(job.inputs());
      tables.addAll(job.outputs());
    }
    return tables;
  }

  /** The lineage of {@code table}, if any job reads or writes it. */
  public Optional<TableLineage> of(String table) {
    if (!tables().contains(table)) {
      return Optional.empty();
    }
    Map<String, List<Column>> columns = new TreeMap<>();
    for (JobDatasets job : jobs.values()) {
      Map<String, List<Column>> written = job.columns().get(table);
      if (written != null) {
        written.forEach(
            (column, origins) ->
                columns.merge(
                    column,
                    origins,
                    (a, b) -> {
                      List<Column> both = new ArrayList<>(a);
                      b.stream().filter(c -> !both.contains(c)).forEach(both::add);
                      return both;
                    }));
      }
    }
    return Optional.of(
        new TableLineage(
            table,
            walk(table, true, new HashSet<>(Set.of(table))),
            walk(table, false, new HashSet<>(Set.of(table))),
            columns));
  }

  private List<Node> walk(String table, boolean upstream, Set<String> seen) {
    Map<String, Set<String>> neighbours = new TreeMap<>();
    jobs.forEach(
        (name, job) -> {
          List<String> from = upstream ? job.outputs() : job.inputs();
          List<String> to = upstream ? job.inputs() : job.outputs();
          if (from.contains(table)) {
            to.forEach(t -> neighbours.computeIfAbsent(t, k -> new TreeSet<>()).add(name));
          }
        });
    List<Node> nodes = new ArrayList<>();
    neighbours.forEach(
        (neighbour, via) -> {
          boolean first = seen.add(neighbour);
          nodes.add(new Node(neighbour, via, first ? walk(neighbour, upstream, seen) : List.of()));
        });
    return nodes;
  }

  private static JobDatasets datasetsOf(JsonNode event) {
    Map<String, String> names = new LinkedHashMap<>();
    List<String> inputs = new ArrayList<>();
    for (JsonNode dataset : event.path("inputs")) {
      inputs.add(tableName(dataset, names));
    }
    List<String> outputs = new ArrayList<>();
    for (JsonNode dataset : event.path("outputs")) {
      outputs.add(tableName(dataset, names));
    }
    Map<String, Map<String, List<Column>>> columns = new LinkedHashMap<>();
    for (JsonNode dataset : event.path("outputs")) {
      JsonNode fields = dataset.path("facets").path("columnLineage").path("fields");
      Map<String, List<Column>> byColumn = new LinkedHashMap<>();
      fields
          .fields()
          .forEachRemaining(
              field -> {
                List<Column> origins = new ArrayList<>();
                for (JsonNode input : field.getValue().path("inputFields")) {
                  String key = input.path("namespace").asText() + "/" + input.path("name").asText();
                  String transformation =
                      input.path("transformations").path(0).path("subtype").asText("");
                  origins.add(
                      new Column(
                          names.getOrDefault(key, input.path("name").asText()),
                          input.path("field").asText(),
                          transformation));
                }
                byColumn.put(field.getKey(), origins);
              });
      if (!byColumn.isEmpty()) {
        columns.put(tableName(dataset, names), byColumn);
      }
    }
    return new JobDatasets(inputs, outputs, columns);
  }

  /** The name users know (the dataset's symlink), remembered by OpenLineage name. */
  private static String tableName(JsonNode dataset, Map<String, String> names) {
    String key = dataset.path("namespace").asText() + "/" + dataset.path("name").asText();
    for (JsonNode identifier : dataset.path("facets").path("symlinks").path("identifiers")) {
      if (LineageDataset.SYMLINK_NAMESPACE.equals(identifier.path("namespace").asText())) {
        String name = identifier.path("name").asText();
        names.put(key, name);
        return name;
      }
    }
    return names.getOrDefault(key, key);
  }
}
