package io.tributary.catalog.jdbc;

import io.tributary.catalog.LakeCatalog;
import io.tributary.catalog.LakeCatalogConfig;
import io.tributary.catalog.rest.RestCatalogServer;
import java.nio.file.Files;
import org.apache.iceberg.rest.RESTCompatibilityKitCatalogTests;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Iceberg's REST Compatibility Kit, table catalog tests, against Tributary's REST catalog server
 * with its store on a real PostgreSQL server instead of SQLite: the configuration {@code up
 * --catalog-db jdbc:postgresql://...} chooses.
 */
class PostgresCatalogCompatibilityIT extends RESTCompatibilityKitCatalogTests {
  @RegisterExtension static final PostgresServer SERVER = new PostgresServer();

  static final class PostgresServer implements BeforeAllCallback, AfterAllCallback {
    private LocalPostgres postgres;
    private LakeCatalog lake;
    private RestCatalogServer server;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
      postgres = LocalPostgres.start("lake");
      JdbcCatalogConfig store =
          JdbcCatalogConfig.database(
              postgres.url("lake"),
              java.util.Optional.of(postgres.user()),
              java.util.Optional.of("unused-with-trust"),
              Files.createTempDirectory("tributary-rck-pg-"));
      lake = LakeCatalog.open(LakeCatalogConfig.jdbc(store));
      server = RestCatalogServer.start(lake.iceberg(), "127.0.0.1", 0);
      System.setProperty("uri", server.uri() + "/");
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
      server.close();
      lake.close();
      postgres.close();
    }
  }
}
