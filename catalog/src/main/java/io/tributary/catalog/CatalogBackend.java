package io.tributary.catalog;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The Iceberg catalog implementation behind the lake, chosen by one configuration value: {@code
 * rest}, {@code jdbc} or {@code glue}. The rest of the platform only sees {@link LakeCatalogConfig}
 * and never branches on the backend.
 */
public enum CatalogBackend {
  /**
   * An Iceberg REST catalog: locally Tributary's own server ({@code
   * io.tributary.catalog.rest.RestCatalogServer}) over the JDBC catalog. What jobs and engines use.
   */
  REST("org.apache.iceberg.rest.RESTCatalog", false),
  /** Iceberg's JDBC catalog; locally a SQLite file under the data directory. */
  JDBC("org.apache.iceberg.jdbc.JdbcCatalog", true),
  /** AWS Glue with the tables on S3 ({@code S3FileIO}), which Athena reads. */
  GLUE("org.apache.iceberg.aws.glue.GlueCatalog", true);

  private final String catalogImpl;
  private final boolean needsWarehouse;

  CatalogBackend(String catalogImpl, boolean needsWarehouse) {
    this.catalogImpl = catalogImpl;
    this.needsWarehouse = needsWarehouse;
  }

  /** The Iceberg {@code catalog-impl} class name. */
  public String catalogImpl() {
    return catalogImpl;
  }

  /** Whether the backend needs a {@code warehouse} location of its own (a REST server has one). */
  public boolean needsWarehouse() {
    return needsWarehouse;
  }

  /** The configuration value: {@code rest}, {@code jdbc}, {@code glue}. */
  public String configName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<CatalogBackend> fromConfigName(String text) {
    return Arrays.stream(values()).filter(b -> b.configName().equals(text)).findFirst();
  }

  public static String choices() {
    return Arrays.stream(values())
        .map(CatalogBackend::configName)
        .collect(Collectors.joining(", "));
  }
}
