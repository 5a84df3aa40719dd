package io.tributary.stream.maintenance;

import static java.util.Objects.requireNonNull;

import io.tributary.catalog.lineage.Lineage;
import io.tributary.catalog.lineage.LineageDataset;
import io.tributary.catalog.lineage.LineageJob;
import io.tributary.stream.job.JobKind;
import java.io.Serializable;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where a maintenance job records each of its runs in lineage: the platform's lineage store (and
 * its lineage URL, if any), opened again in the job's task. A run is a batch run of the job,
 * writing the tables it maintained; each table carries what the run did to it.
 */
final class RunLineage implements Serializable {
  private final String job;
  private final String directory;
  private final String url;
  private final ArrayList<LineageDataset> tables;

  /**
   * @param job the maintenance job's name
   * @param tables the tables it maintains, as lineage names them
   */
  RunLineage(String job, Path directory, Optional<URI> url, List<LineageDataset> tables) {
    this.job = requireNonNull(job, "job is null");
    this.directory = directory.toAbsolutePath().toString();
    this.url = url.map(URI::toString).orElse(null);
    this.tables = new ArrayList<>(tables);
  }

  /** Opens the store; the caller closes it. */
  Lineage open() {
    return Lineage.open(Path.of(directory), Optional.ofNullable(url).map(URI::create));
  }

  /** One run over {@code maintained} (the tables as users name them), as lineage records it. */
  LineageJob run(List<String> maintained) {
    List<LineageJob.Output> outputs =
        tables.stream()
            .filter(table -> maintained.contains(table.table()))
            .map(table -> new LineageJob.Output(table, Map.of()))
            .toList();
    return new LineageJob(
        job,
        JobKind.MAINTENANCE.name(),
        false,
        Optional.empty(),
        Optional.empty(),
        List.of(),
        outputs);
  }
}
