package io.tributary.stream.maintenance;

import static java.util.Objects.requireNonNull;

import io.tributary.catalog.CatalogBackend;
import io.tributary.catalog.LakeCatalogConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.apache.iceberg.flink.maintenance.api.JdbcLockFactory;
import org.apache.iceberg.flink.maintenance.api.TriggerLockFactory;

/**
 * Maintenance locks in a database table ({@code flink_maintenance_lock}, created when missing),
 * with Iceberg's {@link JdbcLockFactory}: in the catalog's PostgreSQL when the catalog's store is
 * there, so that every platform on that catalog shares them, else in a SQLite file of the data
 * directory.
 *
 * @param uri the JDBC URL
 * @param properties the connection's properties, {@code jdbc.}-prefixed as Iceberg's JDBC catalog
 *     takes them ({@code jdbc.user}, {@code jdbc.password})
 */
public record JdbcMaintenanceLocks(String uri, Map<String, String> properties)
    implements MaintenanceLocks {
  private static final String JDBC_PREFIX = "jdbc.";
  private static final int MAX_LOCK_ID = 99;

  public JdbcMaintenanceLocks {
    requireNonNull(uri, "uri is null");
    properties = Map.copyOf(requireNonNull(properties, "properties is null"));
  }

  /**
   * The locks of a platform whose lake is {@code catalog}: in its database when that is PostgreSQL,
   * else in {@code sqliteFile}, whose directory is created. The lock table is created now, when
   * missing: jobs that start side by side would each try to.
   */
  public static JdbcMaintenanceLocks of(LakeCatalogConfig catalog, Path sqliteFile) {
    JdbcMaintenanceLocks locks = in(catalog, sqliteFile);
    TriggerLockFactory table = locks.forTable("tributary.lock-table");
    table.open();
    try {
      table.close();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot close the connection to " + locks.uri(), e);
    }
    return locks;
  }

  private static JdbcMaintenanceLocks in(LakeCatalogConfig catalog, Path sqliteFile) {
    if (catalog.backend() == CatalogBackend.JDBC && catalog.uri().startsWith("jdbc:postgresql:")) {
      Map<String, String> connection = new HashMap<>();
      catalog
          .properties()
          .forEach(
              (key, value) -> {
                if (key.startsWith(JDBC_PREFIX)) {
                  connection.put(key, value);
                }
              });
      return new JdbcMaintenanceLocks(catalog.uri(), connection);
    }
    try {
      Files.createDirectories(sqliteFile.toAbsolutePath().getParent());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create the directory of " + sqliteFile, e);
    }
    // several jobs open the file: wait for SQLite's lock rather than fail
    return new JdbcMaintenanceLocks(
        "jdbc:sqlite:" + sqliteFile.toAbsolutePath(),
        Map.of(JDBC_PREFIX + "busy_timeout", "30000"));
  }

  @Override
  public TriggerLockFactory forTable(String table) {
    Map<String, String> lockProperties = new HashMap<>(properties);
    lockProperties.put(JdbcLockFactory.INIT_LOCK_TABLES_PROPERTY, "true");
    return new JdbcLockFactory(uri, lockId(table), lockProperties);
  }

  /** The table's name, or a name derived from it when it is longer than a lock id may be. */
  static String lockId(String table) {
    return table.length() <= MAX_LOCK_ID
        ? table
        : UUID.nameUUIDFromBytes(table.getBytes(StandardCharsets.UTF_8)).toString();
  }

  @Override
  public String toString() {
    return "JdbcMaintenanceLocks[" + uri + "]";
  }
}
