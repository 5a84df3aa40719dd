package io.tributary.catalog.jdbc;

import static java.util.Objects.requireNonNull;

import io.tributary.catalog.error.ErrorCode;
import io.tributary.catalog.error.TributaryException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.jdbc.JdbcCatalog;

/**
 * Settings of Iceberg's JDBC catalog. Locally the database is a SQLite file; in a shared deployment
 * a PostgreSQL database, with user and password.
 *
 * @param uri the JDBC URL of the catalog database
 * @param warehouse where table data and metadata files are written
 * @param user the database user, if the URL does not say
 * @param password the database user's password; never printed
 */
public record JdbcCatalogConfig(
    String uri, String warehouse, Optional<String> user, Optional<String> password) {

  public JdbcCatalogConfig {
    requireNonNull(uri, "uri is null");
    requireNonNull(warehouse, "warehouse is null");
    requireNonNull(user, "user is null");
    requireNonNull(password, "password is null");
    if (!uri.startsWith("jdbc:sqlite:") && !uri.startsWith("jdbc:postgresql:")) {
      throw new TributaryException(
          ErrorCode.INVALID_REQUEST,
          "Cannot use catalog database '"
              + uri
              + "': not a jdbc:sqlite: or jdbc:postgresql: URL (such as"
              + " jdbc:postgresql://db-host:5432/lake)");
    }
  }

  /** The embedded default: {@code <dataDir>/catalog/lake.db} and {@code <dataDir>/warehouse}. */
  public static JdbcCatalogConfig sqlite(Path dataDir) {
    Path root = dataDir.toAbsolutePath().normalize();
    return new JdbcCatalogConfig(
        "jdbc:sqlite:" + root.resolve("catalog").resolve("lake.db"),
        warehouse(root),
        Optional.empty(),
        Optional.empty());
  }

  /**
   * A catalog database of its own, such as PostgreSQL at {@code
   * jdbc:postgresql://db-host:5432/lake}, with the warehouse still under {@code dataDir}.
   */
  public static JdbcCatalogConfig database(
      String uri, Optional<String> user, Optional<String> password, Path dataDir) {
    return new JdbcCatalogConfig(
        uri, warehouse(dataDir.toAbsolutePath().normalize()), user, password);
  }

  private static String warehouse(Path root) {
    // Path.toUri ends in '/' only once the directory exists; keep the value the same each start
    return root.resolve("warehouse").toUri().toString().replaceAll("/+$", "");
  }

  @Override
  public String toString() {
    return "JdbcCatalogConfig[uri="
        + uri
        + ", warehouse="
        + warehouse
        + user.map(u -> ", user=" + u).orElse("")
        + password.map(p -> ", password=***").orElse("")
        + "]";
  }

  /** Iceberg catalog properties for this backend. */
  public Map<String, String> toProperties() {
    Map<String, String> properties = new LinkedHashMap<>();
    properties.put(CatalogProperties.URI, uri);
    properties.put(CatalogProperties.WAREHOUSE_LOCATION, warehouse);
    // V1 adds views to the catalog schema; issue 4 serves them.
    properties.put("jdbc.schema-version", "V1");
    user.ifPresent(u -> properties.put(JdbcCatalog.PROPERTY_PREFIX + "user", u));
    password.ifPresent(p -> properties.put(JdbcCatalog.PROPERTY_PREFIX + "password", p));
    if (uri.startsWith("jdbc:sqlite:")) {
      // Several operators and the CLI open the same file: wait for a lock instead of failing.
      properties.put("jdbc.busy_timeout", "30000");
      properties.put("jdbc.journal_mode", "WAL");
    }
    return properties;
  }
}
