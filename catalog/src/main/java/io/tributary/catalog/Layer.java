package io.tributary.catalog;

import java.util.Locale;
import org.apache.iceberg.catalog.Namespace;

/** The medallion layers of the lake, each an Iceberg namespace of the {@code lake} catalog. */
public enum Layer {
  /** Raw events as they arrived, one table per source, plus its rejects. */
  BRONZE,
  /** Cleaned and conformed tables written by pipelines. */
  SILVER,
  /** Aggregates and data products written by pipelines. */
  GOLD;

  /** The namespace name, as analysts write it: {@code bronze}, {@code silver}, {@code gold}. */
  public String namespaceName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public Namespace namespace() {
    return Namespace.of(namespaceName());
  }
}
