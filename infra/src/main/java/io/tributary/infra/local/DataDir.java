package io.tributary.infra.local;

import static java.util.Objects.requireNonNull;

import io.tributary.stream.job.StateLocation;
import java.nio.file.Path;

/**
 * Where everything of one platform lives, under one directory ({@code ./.tributary} by default):
 * the one place its layout is written down. The README's "Where things live" shows the same tree.
 *
 * <pre>
 * kafka/             the broker's log          catalog/, warehouse/  the lake (LakeCatalogConfig)
 * flink/             the MiniCluster's files   checkpoints/, savepoints/, fingerprints/,
 * lineage/           OpenLineage events          state-reset/        job state (StateStore)
 * deployed/          files of what runs        deployments.jsonl, replay-runs.jsonl  histories
 * logs/              tributary.log, cli.log    runtime.json          where a running platform is
 * maintenance/       the tables' maintenance locks (unless the catalog is on PostgreSQL)
 * dynamodb/          the local DynamoDB's data (dynalite, LevelDB): the feature groups' items
 * </pre>
 */
public record DataDir(Path root) {
  /** Under the data dir: the files of every pipeline version that runs, kept by the deployer. */
  public static final String DEPLOYED = "deployed";

  /** Under the data dir: the lineage store. */
  public static final String LINEAGE = "lineage";

  public DataDir {
    requireNonNull(root, "root is null");
  }

  public Path kafka() {
    return root.resolve("kafka");
  }

  public Path flink() {
    return root.resolve("flink");
  }

  public Path lineage() {
    return root.resolve(LINEAGE);
  }

  public Path deployed() {
    return root.resolve(DEPLOYED);
  }

  /** The deployment history. */
  public Path deployments() {
    return root.resolve("deployments.jsonl");
  }

  /** The history of replay runs. */
  public Path replayRuns() {
    return root.resolve("replay-runs.jsonl");
  }

  /** The history of table group syncs. */
  public Path syncRuns() {
    return root.resolve("sync-runs.jsonl");
  }

  /** The lock that keeps a second platform off this directory. */
  public Path lock() {
    return root.resolve("tributary.lock");
  }

  /** The SQLite file of the tables' maintenance locks, when the catalog is not on PostgreSQL. */
  public Path maintenanceLocks() {
    return root.resolve("maintenance").resolve("locks.db");
  }

  /** The local DynamoDB's (dynalite's) LevelDB directory: the online store's items. */
  public Path dynamodb() {
    return root.resolve("dynamodb");
  }

  public Path logs() {
    return root.resolve("logs");
  }

  /** The root of the jobs' checkpoints, savepoints and fingerprints. */
  public StateLocation state() {
    return StateLocation.of(root);
  }
}
