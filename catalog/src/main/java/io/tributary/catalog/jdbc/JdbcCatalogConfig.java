package io.tributary.catalog.jdbc;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.iceberg.CatalogProperties;

/**
 * Settings of Iceberg's JDBC catalog. Locally the database is a SQLite file; in a shared deployment
 * any JDBC URL Iceberg supports (PostgreSQL) with user and password.
 *
 * @param uri the JDBC URL of the catalog database
 * @param warehouse where table data and metadata files are written
 */
public record JdbcCatalogConfig(String uri, String warehouse) {

  public JdbcCatalogConfig {
    requireNonNull(uri, "uri is null");
    requireNonNull(warehouse, "warehouse is null");
    if (!uri.startsWith("jdbc:")) {
      throw new IllegalArgumentException("Cannot use catalog uri '" + uri + "': not a jdbc: URL");
    }
  }

  /** The embedded default: {@code <dataDir>/catalog/lake.db} and {@code <dataDir>/warehouse}. */
  public static JdbcCatalogConfig sqlite(Path dataDir) {
    Path root = dataDir.toAbsolutePath().normalize();
    return new JdbcCatalogConfig(
        "jdbc:sqlite:" + root.resolve("catalog").resolve("lake.db"),
        // Path.toUri ends in '/' only once the directory exists; keep the value the same each start
        root.resolve("warehouse").toUri().toString().replaceAll("/+$", ""));
  }

  /** Iceberg catalog properties for this backend. */
  public Map<String, String> toProperties() {
    Map<String, String> properties = new LinkedHashMap<>();
    properties.put(CatalogProperties.URI, uri);
    properties.put(CatalogProperties.WAREHOUSE_LOCATION, warehouse);
    // V1 adds views to the catalog schema; issue 4 serves them.
    properties.put("jdbc.schema-version", "V1");
    if (uri.startsWith("jdbc:sqlite:")) {
      // Several operators and the CLI open the same file: wait for a lock instead of failing.
      properties.put("jdbc.busy_timeout", "30000");
      properties.put("jdbc.journal_mode", "WAL");
    }
    return properties;
  }
}
