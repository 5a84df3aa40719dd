package io.tributary.catalog.lineage;

import static java.util.Objects.requireNonNull;

import java.io.Serializable;

/**
 * A dataset a job reads or writes, named twice: as OpenLineage names it (where it is stored) and as
 * a Tributary user names it ({@code src.orders}, {@code lake.bronze.orders}, a topic). The second
 * travels in the event as a symlink, so a lineage server shows both.
 *
 * @param table the name users know
 * @param namespace OpenLineage namespace: {@code kafka://host:port}, or the warehouse's scheme
 * @param name OpenLineage name: the topic, or the table's location
 * @param type {@code TABLE} or {@code TOPIC}
 */
public record LineageDataset(String table, String namespace, String name, String type)
    implements Serializable {
  /** The namespace of the symlinks that carry the names users know. */
  public static final String SYMLINK_NAMESPACE = "tributary";

  public LineageDataset {
    requireNonNull(table, "table is null");
    requireNonNull(namespace, "namespace is null");
    requireNonNull(name, "name is null");
    requireNonNull(type, "type is null");
  }
}
