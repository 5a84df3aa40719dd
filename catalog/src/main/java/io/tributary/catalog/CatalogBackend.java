package io.tributary.catalog;

/**
 * The Iceberg catalog implementation behind the lake. One configuration value chooses it; the rest
 * of the platform only sees {@link LakeCatalogConfig} and never branches on the backend.
 */
public enum CatalogBackend {
  /** Iceberg's JDBC catalog; locally a SQLite file under the data directory. */
  JDBC("org.apache.iceberg.jdbc.JdbcCatalog");

  private final String catalogImpl;

  CatalogBackend(String catalogImpl) {
    this.catalogImpl = catalogImpl;
  }

  /** The Iceberg {@code catalog-impl} class name. */
  public String catalogImpl() {
    return catalogImpl;
  }
}
