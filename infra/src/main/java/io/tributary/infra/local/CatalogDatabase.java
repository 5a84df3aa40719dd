package io.tributary.infra.local;

import static java.util.Objects.requireNonNull;

import io.tributary.catalog.jdbc.JdbcCatalogConfig;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A database of its own for the catalog's store (PostgreSQL), instead of the SQLite file under the
 * data directory. The warehouse stays under the data directory.
 *
 * @param url its JDBC URL, such as {@code jdbc:postgresql://db-host:5432/lake}
 * @param user the database user, if the URL does not say
 * @param password the user's password; never printed
 */
public record CatalogDatabase(String url, Optional<String> user, Optional<String> password) {
  /** Environment variables the CLI reads the credentials from, to keep them off command lines. */
  public static final String USER_VARIABLE = "TRIBUTARY_CATALOG_DB_USER";

  public static final String PASSWORD_VARIABLE = "TRIBUTARY_CATALOG_DB_PASSWORD";

  public CatalogDatabase {
    requireNonNull(url, "url is null");
    requireNonNull(user, "user is null");
    requireNonNull(password, "password is null");
    // checks the URL now, so that a wrong one stops `up` before anything starts
    JdbcCatalogConfig.database(url, user, password, Path.of("."));
  }

  JdbcCatalogConfig store(Path dataDir) {
    return JdbcCatalogConfig.database(url, user, password, dataDir);
  }

  @Override
  public String toString() {
    return "CatalogDatabase[url="
        + url
        + user.map(u -> ", user=" + u).orElse("")
        + password.map(p -> ", password=***").orElse("")
        + "]";
  }
}
