package io.tributary.catalog.lineage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.openlineage.client.OpenLineage;
import io.openlineage.client.OpenLineage.RunEvent.EventType;
import io.openlineage.client.transports.HttpConfig;
import io.openlineage.client.transports.HttpTransport;
import io.openlineage.client.transports.Transport;
import io.openlineage.client.utils.UUIDUtils;
import io.tributary.catalog.error.InvalidValueException;
import io.tributary.catalog.metadata.MaintenanceRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Emits OpenLineage run events for the platform's jobs: appended to a local store (one JSON event
 * per line, {@value #STORE_FILE} under the lineage directory, each line in one write, so that
 * several writers may share the store) and, when a lineage URL is set, POSTed to that OpenLineage
 * endpoint (Marquez, for instance) with the OpenLineage Java client's HTTP transport. A lineage
 * server that is down never stops a job: the event stays in the local store and the failure is
 * logged.
 */
public final class Lineage implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Lineage.class);

  /** The file, under the lineage directory, that keeps every event. */
  public static final String STORE_FILE = "events.jsonl";

  /** The output dataset facet that says what a maintenance run did to a table. */
  public static final String MAINTENANCE_FACET = "tributary_maintenance";

  /** The namespace of every Tributary job. */
  public static final String JOB_NAMESPACE = "tributary";

  static final URI PRODUCER = URI.create("https://github.com/tributary-platform/tributary");
  private static final int HTTP_TIMEOUT_MILLIS = 5_000;

  private static final ObjectMapper RECORD_JSON = new ObjectMapper();

  private final OpenLineage openLineage = new OpenLineage(PRODUCER);
  private final List<Transport> transports;
  private final List<String> destinations;
  private final Clock clock;

  private Lineage(List<Transport> transports, List<String> destinations, Clock clock) {
    this.transports = List.copyOf(transports);
    this.destinations = List.copyOf(destinations);
    this.clock = clock;
  }

  /**
   * Lineage kept in {@code directory} and, if {@code url} is given, sent there too.
   *
   * @param url an OpenLineage endpoint, checked by {@link #parseUrl}
   */
  public static Lineage open(Path directory, Optional<URI> url) {
    return open(directory, url, Clock.systemUTC());
  }

  static Lineage open(Path directory, Optional<URI> url, Clock clock) {
    try {
      Files.createDirectories(directory);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create the lineage directory " + directory, e);
    }
    Path store = directory.resolve(STORE_FILE);
    List<Transport> transports = new ArrayList<>();
    List<String> destinations = new ArrayList<>();
    transports.add(new StoreTransport(store));
    destinations.add(store.toString());
    url.ifPresent(
        u -> {
          HttpConfig http = new HttpConfig();
          http.setUrl(u);
          http.setTimeoutInMillis(HTTP_TIMEOUT_MILLIS);
          transports.add(new HttpTransport(http));
          destinations.add(u.toString());
        });
    return new Lineage(transports, destinations, clock);
  }

  /**
   * Checks a lineage URL as a user typed it.
   *
   * @throws IllegalArgumentException naming the value and what is expected
   */
  public static URI parseUrl(String value) {
    URI uri;
    try {
      uri = new URI(value.strip());
    } catch (URISyntaxException e) {
      throw new InvalidValueException(
          "lineage.url '" + value + "' is not a URL: " + e.getReason(), e);
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
      throw new InvalidValueException(
          "lineage.url '"
              + value
              + "' is not an http or https URL of an OpenLineage endpoint, such as"
              + " http://localhost:5000 (Marquez)");
    }
    return uri;
  }

  /** Where events go: the local store, then the lineage URL if any. */
  public List<String> destinations() {
    return destinations;
  }

  /** Starts a run of {@code job}: emits START with its inputs, outputs and column lineage. */
  public Run start(LineageJob job) {
    Run run = new Run(job, UUIDUtils.generateNewUUID());
    emit(run.event(EventType.START, Map.of(), Map.of(), Optional.empty()));
    return run;
  }

  private synchronized void emit(OpenLineage.RunEvent event) {
    for (Transport transport : transports) {
      try {
        transport.emit(event);
      } catch (RuntimeException e) {
        LOG.warn(
            "Cannot send the {} event of job {} to {}: {}",
            event.getEventType(),
            event.getJob().getName(),
            transport,
            e.toString());
      }
    }
  }

  @Override
  public void close() {
    for (Transport transport : transports) {
      try {
        transport.close();
      } catch (Exception e) { // a transport's close declares Exception; the others must still close
        LOG.warn("Cannot close lineage transport {}: {}", transport, e.toString());
      }
    }
  }

  /** One run of a job, from its START to its COMPLETE or FAIL. */
  public final class Run {
    private final LineageJob job;
    private final UUID id;

    private Run(LineageJob job, UUID id) {
      this.job = job;
      this.id = id;
    }

    public UUID id() {
      return id;
    }

    /**
     * Emits COMPLETE.
     *
     * @param rowsWritten rows written per output table, where known
     */
    public void complete(Map<String, Long> rowsWritten) {
      emit(event(EventType.COMPLETE, rowsWritten, Map.of(), Optional.empty()));
    }

    /** Emits FAIL with the failure's message. */
    public void fail(Throwable failure) {
      emit(event(EventType.FAIL, Map.of(), Map.of(), Optional.of(failure)));
    }

    /**
     * Emits the end of a maintenance run: COMPLETE when it succeeded on every table, else FAIL with
     * the first table's error. Each output table named in {@code byTable} carries what the run did
     * to it, as facet {@value #MAINTENANCE_FACET}.
     *
     * @param byTable the record of each table, by the name users know ({@code lake.bronze.orders})
     */
    public void maintained(Map<String, MaintenanceRecord> byTable) {
      Optional<Throwable> failure =
          byTable.values().stream()
              .filter(record -> !record.succeeded())
              .findFirst()
              .map(
                  record ->
                      new IllegalStateException(
                          record.error().orElse("maintenance of a table failed")));
      emit(
          event(
              failure.isPresent() ? EventType.FAIL : EventType.COMPLETE,
              Map.of(),
              byTable,
              failure));
    }

    private OpenLineage.RunEvent event(
        EventType type,
        Map<String, Long> rowsWritten,
        Map<String, MaintenanceRecord> maintained,
        Optional<Throwable> failure) {
      OpenLineage ol = openLineage;
      OpenLineage.RunFacetsBuilder runFacets =
          ol.newRunFacetsBuilder()
              .processing_engine(
                  ol.newProcessingEngineRunFacet(
                      org.apache.flink.runtime.util.EnvironmentInformation.getVersion(),
                      "flink",
                      null));
      job.nominal()
          .ifPresent(
              p ->
                  runFacets.nominalTime(
                      ol.newNominalTimeRunFacet(
                          p.start().atZone(ZoneOffset.UTC), p.end().atZone(ZoneOffset.UTC))));
      failure.ifPresent(
          f ->
              runFacets.errorMessage(
                  ol.newErrorMessageRunFacet(String.valueOf(f.getMessage()), "JAVA", null)));
      OpenLineage.JobFacetsBuilder jobFacets =
          ol.newJobFacetsBuilder()
              .jobType(
                  ol.newJobTypeJobFacet(
                      job.streaming() ? "STREAMING" : "BATCH", "FLINK", job.kind(), null));
      job.sql().ifPresent(sql -> jobFacets.sql(ol.newSQLJobFacet(sql, "flink")));
      List<OpenLineage.InputDataset> inputs =
          job.inputs().stream()
              .map(
                  d ->
                      ol.newInputDatasetBuilder()
                          .namespace(d.namespace())
                          .name(d.name())
                          .facets(ol.newDatasetFacetsBuilder().symlinks(symlinks(d)).build())
                          .build())
              .toList();
      List<OpenLineage.OutputDataset> outputs =
          job.outputs().stream().map(o -> output(o, rowsWritten, maintained)).toList();
      return ol.newRunEventBuilder()
          .eventTime(ZonedDateTime.now(clock).withZoneSameInstant(ZoneOffset.UTC))
          .eventType(type)
          .run(ol.newRun(id, runFacets.build()))
          .job(ol.newJob(JOB_NAMESPACE, job.name(), jobFacets.build()))
          .inputs(inputs)
          .outputs(outputs)
          .build();
    }

    private OpenLineage.OutputDataset output(
        LineageJob.Output output,
        Map<String, Long> rowsWritten,
        Map<String, MaintenanceRecord> maintained) {
      OpenLineage ol = openLineage;
      LineageDataset dataset = output.dataset();
      OpenLineage.DatasetFacetsBuilder facets =
          ol.newDatasetFacetsBuilder().symlinks(symlinks(dataset));
      if (!output.columns().isEmpty()) {
        OpenLineage.ColumnLineageDatasetFacetFieldsBuilder fields =
            ol.newColumnLineageDatasetFacetFieldsBuilder();
        output.columns().forEach((column, origins) -> fields.put(column, inputFields(origins)));
        facets.columnLineage(ol.newColumnLineageDatasetFacet(fields.build(), null));
      }
      OpenLineage.OutputDatasetBuilder builder =
          ol.newOutputDatasetBuilder()
              .namespace(dataset.namespace())
              .name(dataset.name())
              .facets(facets.build());
      Long rows = rowsWritten.get(dataset.table());
      MaintenanceRecord record = maintained.get(dataset.table());
      if (rows != null || record != null) {
        OpenLineage.OutputDatasetOutputFacetsBuilder outputFacets =
            ol.newOutputDatasetOutputFacetsBuilder();
        if (rows != null) {
          outputFacets.outputStatistics(ol.newOutputStatisticsOutputDatasetFacet(rows, null, null));
        }
        if (record != null) {
          outputFacets.put(MAINTENANCE_FACET, maintenanceFacet(record));
        }
        builder.outputFacets(outputFacets.build());
      }
      return builder.build();
    }

    /** The record's fields, as its JSON property names them. */
    private OpenLineage.OutputDatasetFacet maintenanceFacet(MaintenanceRecord record) {
      OpenLineage.OutputDatasetFacet facet = openLineage.newOutputDatasetFacet();
      try {
        facet
            .getAdditionalProperties()
            .putAll(
                RECORD_JSON.readValue(
                    record.toJson(), new TypeReference<Map<String, Object>>() {}));
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("A maintenance record is not JSON: " + record, e);
      }
      return facet;
    }

    private OpenLineage.ColumnLineageDatasetFacetFieldsAdditional inputFields(
        Set<ColumnOrigin> origins) {
      OpenLineage ol = openLineage;
      List<OpenLineage.InputField> fields =
          origins.stream()
              .sorted(Comparator.comparing(ColumnOrigin::table).thenComparing(ColumnOrigin::column))
              .map(
                  origin -> {
                    LineageDataset from = datasetOf(origin.table());
                    return ol.newInputField(
                        from.namespace(),
                        from.name(),
                        origin.column(),
                        List.of(
                            ol.newInputFieldTransformations(
                                "DIRECT", origin.kind().name(), null, false)));
                  })
              .toList();
      return ol.newColumnLineageDatasetFacetFieldsAdditional(fields, null, null);
    }

    /** Column origins name tables as SQL does; the job's inputs know their datasets. */
    private LineageDataset datasetOf(String table) {
      return job.inputs().stream()
          .filter(d -> d.table().equals(table))
          .findFirst()
          .orElse(new LineageDataset(table, "flink", table, "TABLE"));
    }

    private OpenLineage.SymlinksDatasetFacet symlinks(LineageDataset dataset) {
      return openLineage.newSymlinksDatasetFacet(
          List.of(
              openLineage.newSymlinksDatasetFacetIdentifiers(
                  LineageDataset.SYMLINK_NAMESPACE, dataset.table(), dataset.type())));
    }
  }
}
